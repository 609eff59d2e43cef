package io.porthunter.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.porthunter.config.SettingsException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntelSettingsTest {
  @TempDir Path dir;

  @Test
  void defaultsNeedNoKeyAndNoFile() {
    IntelSettings s = IntelSettings.fromEnv(Map.of("HOME", "/home/analyst"));
    assertThat(s.otxApiKey()).isNull();
    assertThat(s.greynoiseApiKey()).isNull();
    assertThat(s.geoipDb()).isNull();
    assertThat(s.asnDb()).isNull();
    assertThat(s.otxBaseUrl()).isEqualTo(URI.create("https://otx.alienvault.com"));
    assertThat(s.greynoiseBaseUrl()).isEqualTo(URI.create("https://api.greynoise.io"));
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(s.cacheTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(s.cacheDir()).isEqualTo(Path.of("/home/analyst/.cache/porthunter"));
  }

  @Test
  void cacheDirFollowsXdgThenTheExplicitSetting() {
    assertThat(IntelSettings.fromEnv(Map.of("XDG_CACHE_HOME", "/var/cache/u", "HOME", "/home/u")).cacheDir())
        .isEqualTo(Path.of("/var/cache/u/porthunter"));
    assertThat(IntelSettings.fromEnv(Map.of(IntelSettings.CACHE_DIR, "/srv/ph", "XDG_CACHE_HOME", "/x")).cacheDir())
        .isEqualTo(Path.of("/srv/ph"));
  }

  @Test
  void keysFallBackToTheServicesOwnVariableNames() {
    IntelSettings s = IntelSettings.fromEnv(Map.of("OTX_API_KEY", "a", "GREYNOISE_API_KEY", "b"));
    assertThat(s.otxApiKey()).isEqualTo("a");
    assertThat(s.greynoiseApiKey()).isEqualTo("b");
    IntelSettings preferred = IntelSettings.fromEnv(Map.of("OTX_API_KEY", "a",
        IntelSettings.OTX_API_KEY, "own", IntelSettings.GREYNOISE_API_KEY, "  "));
    assertThat(preferred.otxApiKey()).isEqualTo("own");
    assertThat(preferred.greynoiseApiKey()).isNull();
  }

  @Test
  void userDatabasesMustBeReadableFiles() throws Exception {
    Path mmdb = Files.writeString(dir.resolve("City.mmdb"), "x");
    assertThat(IntelSettings.fromEnv(Map.of(IntelSettings.GEOIP_DB, mmdb.toString())).geoipDb()).isEqualTo(mmdb);
    assertThatExceptionOfType(SettingsException.class)
        .isThrownBy(() -> IntelSettings.fromEnv(Map.of(IntelSettings.ASN_DB, dir.resolve("missing.mmdb").toString())))
        .withMessageContaining(IntelSettings.ASN_DB);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "PORT_HUNTER_INTEL_TIMEOUT_MS, soon",
      "PORT_HUNTER_INTEL_TIMEOUT_MS, 0",
      "PORT_HUNTER_INTEL_MAX_CONCURRENCY, 1000",
      "PORT_HUNTER_INTEL_MAX_RETRIES, -1",
      "PORT_HUNTER_CACHE_TTL_HOURS, 1.5",
      "PORT_HUNTER_OTX_BASE_URL, ftp://otx.example",
      "PORT_HUNTER_GREYNOISE_BASE_URL, not a url",
      "PORT_HUNTER_GREYNOISE_BASE_URL, /v3/relative",
      "PORT_HUNTER_OTX_BASE_URL, http://otx.example/x?y=1",
      "PORT_HUNTER_OTX_BASE_URL, http://otx.example/#top",
  })
  void invalidValuesNameTheirVariable(String name, String value) {
    assertThatExceptionOfType(SettingsException.class).isThrownBy(() -> IntelSettings.fromEnv(Map.of(name, value)))
        .withMessageContaining(name).withMessageContaining("'" + value + "'");
  }

  @Test
  void zeroTtlTurnsTheCacheOff() {
    assertThat(IntelSettings.fromEnv(Map.of(IntelSettings.CACHE_TTL_HOURS, "0")).cacheEnabled()).isFalse();
  }
}
