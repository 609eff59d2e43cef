package io.porthunter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {
  @TempDir Path dir;

  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put(Settings.TOKEN, "t0ken");
    env.put(Settings.ALLOWED_DIR, dir.toString());
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] == null) {
        env.remove(pairs[i]);
      } else {
        env.put(pairs[i], pairs[i + 1]);
      }
    }
    return env;
  }

  @Test
  void defaultsApplyWhenOnlyTheTokenIsSet() throws Exception {
    Settings s = Settings.fromEnv(Map.of(Settings.TOKEN, "t0ken"));
    assertThat(s.token()).isEqualTo("t0ken");
    assertThat(s.requireToken()).isTrue();
    assertThat(s.allowedDir()).isEqualTo(Path.of(".").toRealPath());
    assertThat(s.maxPcapBytes()).isEqualTo(50L * 1024 * 1024);
    assertThat(s.allowPrivate()).isFalse();
  }

  @Test
  void allowedDirIsStoredAsItsRealPath() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("link"), Files.createDirectory(dir.resolve("real")));
    Settings s = Settings.fromEnv(env(Settings.ALLOWED_DIR, link.toString()));
    assertThat(s.allowedDir()).isEqualTo(dir.resolve("real").toRealPath());
  }

  @ParameterizedTest
  @CsvSource({"true,true", "TRUE,true", "1,true", "yes,true", "Yes,true", "false,false", "False,false",
      "0,false", "no,false", "NO,false"})
  void booleansAcceptTheDocumentedSpellings(String raw, boolean expected) {
    assertThat(Settings.fromEnv(env(Settings.ALLOW_PRIVATE, raw)).allowPrivate()).isEqualTo(expected);
    assertThat(Settings.fromEnv(env(Settings.REQUIRE_TOKEN, raw)).requireToken()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"maybe", "on", "2", "tru"})
  void aBadBooleanNamesItsVariable(String raw) {
    assertThatThrownBy(() -> Settings.fromEnv(env(Settings.ALLOW_PRIVATE, raw)))
        .isInstanceOf(SettingsException.class).hasMessageContaining(Settings.ALLOW_PRIVATE);
    assertThatThrownBy(() -> Settings.fromEnv(env(Settings.REQUIRE_TOKEN, raw)))
        .isInstanceOf(SettingsException.class).hasMessageContaining(Settings.REQUIRE_TOKEN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "abc", "NaN", "Infinity", "0.0000000001", "10f", "0x10", "1e3", "1e300", "9000000000000"})
  void aBadSizeNamesItsVariable(String raw) {
    assertThatThrownBy(() -> Settings.fromEnv(env(Settings.MAX_PCAP_MB, raw)))
        .isInstanceOf(SettingsException.class).hasMessageContaining(Settings.MAX_PCAP_MB);
  }

  @Test
  void workersAreLeftToTheAnalyserUnlessSet() {
    assertThat(Settings.fromEnv(env()).workers()).isZero(); // the analyser's default
    assertThat(Settings.fromEnv(env(Settings.WORKERS, "3")).workers()).isEqualTo(3);
    assertThat(Settings.forLocalUse(Map.of(Settings.WORKERS, " 2 ")).workers()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-2", "65", "two", "1.5"})
  void badWorkerCountsNameTheirVariable(String raw) {
    assertThatThrownBy(() -> Settings.fromEnv(env(Settings.WORKERS, raw)))
        .isInstanceOf(SettingsException.class).hasMessageContaining(Settings.WORKERS);
    assertThatThrownBy(() -> Settings.forLocalUse(Map.of(Settings.WORKERS, raw)))
        .isInstanceOf(SettingsException.class).hasMessageContaining(Settings.WORKERS);
  }

  @Test
  void fractionalMegabytesAreAllowed() {
    assertThat(Settings.fromEnv(env(Settings.MAX_PCAP_MB, "0.5")).maxPcapBytes()).isEqualTo(512L * 1024);
  }

  @Test
  void aMissingAllowedDirNamesItsVariable() {
    assertThatThrownBy(() -> Settings.fromEnv(env(Settings.ALLOWED_DIR, dir.resolve("nope").toString())))
        .isInstanceOf(SettingsException.class).hasMessageContaining(Settings.ALLOWED_DIR);
  }

  @Test
  void aFileIsNotAnAllowedDir() throws Exception {
    Path file = Files.createFile(dir.resolve("file"));
    assertThatThrownBy(() -> Settings.fromEnv(env(Settings.ALLOWED_DIR, file.toString())))
        .isInstanceOf(SettingsException.class).hasMessageContaining(Settings.ALLOWED_DIR);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void aRequiredTokenMustBeSet(String blank) {
    assertThatThrownBy(() -> Settings.fromEnv(env(Settings.TOKEN, blank)))
        .isInstanceOf(SettingsException.class).hasMessageContaining(Settings.TOKEN)
        .hasMessageContaining(Settings.REQUIRE_TOKEN);
    assertThatThrownBy(() -> Settings.fromEnv(env(Settings.TOKEN, null)))
        .isInstanceOf(SettingsException.class).hasMessageContaining(Settings.TOKEN);
  }

  @Test
  void noTokenIsFineWhenNotRequired() {
    Settings s = Settings.fromEnv(env(Settings.TOKEN, null, Settings.REQUIRE_TOKEN, "no"));
    assertThat(s.token()).isNull();
    assertThat(s.requireToken()).isFalse();
  }

  @Test
  void aTokenTheJvmCouldNotReadStopsTheServer() {
    assertThat(Settings.fromEnv(env(Settings.TOKEN, "clé-секрет")).token()).isEqualTo("clé-секрет");
    // under a POSIX locale the JVM turned each byte of "é" into U+FFFD: any two such characters would pass
    assertThatThrownBy(() -> Settings.fromEnv(env(Settings.TOKEN, "cl\uFFFD\uFFFD-x")))
        .isInstanceOf(SettingsException.class).hasMessageContaining(Settings.TOKEN).hasMessageContaining("LC_ALL");
    // a token that is not checked does not stop it
    assertThat(Settings.fromEnv(env(Settings.TOKEN, "cl\uFFFD\uFFFD-x", Settings.REQUIRE_TOKEN, "false"))
        .requireToken()).isFalse();
  }

  @Test
  void toStringNeverShowsTheToken() {
    assertThat(Settings.fromEnv(env()).toString()).doesNotContain("t0ken").contains("token=set")
        .contains("requireToken=", "allowedDir=", "maxPcapBytes=", "allowPrivate=", "workers=", "confined=true");
  }

  @Test
  void localUseIgnoresTokenAndDirectoryButKeepsTheLimits() {
    Settings s = Settings.forLocalUse(Map.of(Settings.MAX_PCAP_MB, "2", Settings.ALLOW_PRIVATE, "yes",
        Settings.ALLOWED_DIR, "/definitely/not/here"));
    assertThat(s.requireToken()).isFalse();
    assertThat(s.maxPcapBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(s.allowPrivate()).isTrue();
    assertThatThrownBy(() -> Settings.forLocalUse(Map.of(Settings.MAX_PCAP_MB, "x")))
        .hasMessageContaining(Settings.MAX_PCAP_MB);
  }
}
