package io.porthunter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterfaceDescriptionTest {

  @ParameterizedTest(name = "tsresol {0}, offset {1}: {2} units = {3} ns, {4} digits")
  @CsvSource({
      "6, 0, 1500000, 1500000000, 6",
      "9, 0, 1500000000, 1500000000, 9",
      "3, 0, 1500, 1500000000, 3",
      "0, 0, 2, 2000000000, 0",
      "12, 0, 1500000000000, 1500000000, 9",
      "6, -10, 20000000, 10000000000, 6",
      "128, 0, 3, 3000000000, 9",
      "138, 0, 1536, 1500000000, 9",
      "158, 0, 3221225472, 3000000000, 9",
      "160, 0, 12884901888, 3000000000, 9",
      "191, 0, 4611686018427387904, 500000000, 9",
      "191, 0, 9223372036854775808, 1000000000, 9",
      "255, 0, 12345, 0, 9",
      // fractions of more than 30 binary digits, exact to the nanosecond (rounded down)
      "160, 0, 7301444403505419899, 1700000000071111111, 9",
      "191, 0, 9223372036854775807, 999999999, 9",
      "168, 0, 14293651161087, 12999999999, 9",
      // hostile values saturate rather than wrap into plausible times
      "6, 0, 18446744073709551615, 9223372036854775807, 6",
      "6, 0, 9300000000000000, 9223372036854775807, 6",
      "6, 9300000000, 1, 9223372036854775807, 6",
      "6, -9300000000, 1, -9223372036854775808, 6",
      // a saturated count beside a saturated offset: their exact sum, saturated, never a wrap to 1969
      "0, -9223372036854775808, 18446744073709551615, 9223372036854775807, 0",
      "0, -9223372036854775808, 9223372036854775808, 0, 0",
      "128, -9223372036854775808, 18446744073709551615, 9223372036854775807, 9",
      "0, 9223372036854775807, 1, 9223372036854775807, 0",
      "128, 0, 18446744073709551615, 9223372036854775807, 9"})
  void scalesUnitsToNanosecondsAndAddsTheOffset(int tsresol, long offset, String units,
      long nanos, int digits) {
    InterfaceDescription d = new InterfaceDescription(1, 0, tsresol, offset);
    assertThat(d.toNanos(Long.parseUnsignedLong(units))).isEqualTo(nanos);
    assertThat(d.fractionDigits()).isEqualTo(digits);
  }
}
