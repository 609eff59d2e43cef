package io.porthunter.intel;

import io.porthunter.config.SettingsException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the enrichment layer, normally read from the environment by {@link #fromEnv}.
 *
 * @param geoipDb            user City/Country MMDB ({@value #GEOIP_DB}); null to use embedded data
 * @param asnDb              user ASN MMDB ({@value #ASN_DB}); null to use embedded data
 * @param otxApiKey          AlienVault OTX key; null disables OTX
 * @param greynoiseApiKey    GreyNoise Community key; null disables GreyNoise
 * @param otxBaseUrl         OTX API root
 * @param greynoiseBaseUrl   GreyNoise API root
 * @param timeout            per-request timeout (connect and answer)
 * @param maxConcurrentCalls cap on HTTP calls in flight and on parallel enrichments
 * @param maxRetries         extra attempts after a 429 or 5xx answer
 * @param retryBackoff       first retry delay, doubled per attempt, when no Retry-After is given
 * @param cacheDir           folder of the persistent threat-intel cache
 * @param cacheTtl           how long a cached answer is used; zero turns the cache off
 */
public record IntelSettings(Path geoipDb, Path asnDb, String otxApiKey, String greynoiseApiKey,
    URI otxBaseUrl, URI greynoiseBaseUrl, Duration timeout, int maxConcurrentCalls, int maxRetries,
    Duration retryBackoff, Path cacheDir, Duration cacheTtl) {

  public static final String GEOIP_DB = "PORT_HUNTER_GEOIP_DB";
  public static final String ASN_DB = "PORT_HUNTER_ASN_DB";
  public static final String OTX_API_KEY = "PORT_HUNTER_OTX_API_KEY";
  public static final String OTX_API_KEY_FALLBACK = "OTX_API_KEY";
  public static final String GREYNOISE_API_KEY = "PORT_HUNTER_GREYNOISE_API_KEY";
  public static final String GREYNOISE_API_KEY_FALLBACK = "GREYNOISE_API_KEY";
  public static final String OTX_BASE_URL = "PORT_HUNTER_OTX_BASE_URL";
  public static final String GREYNOISE_BASE_URL = "PORT_HUNTER_GREYNOISE_BASE_URL";
  public static final String TIMEOUT_MS = "PORT_HUNTER_INTEL_TIMEOUT_MS";
  public static final String MAX_CONCURRENCY = "PORT_HUNTER_INTEL_MAX_CONCURRENCY";
  public static final String MAX_RETRIES = "PORT_HUNTER_INTEL_MAX_RETRIES";
  public static final String RETRY_BACKOFF_MS = "PORT_HUNTER_INTEL_RETRY_BACKOFF_MS";
  public static final String CACHE_DIR = "PORT_HUNTER_CACHE_DIR";
  public static final String CACHE_TTL_HOURS = "PORT_HUNTER_CACHE_TTL_HOURS";

  public static final URI DEFAULT_OTX_BASE_URL = URI.create("https://otx.alienvault.com");
  public static final URI DEFAULT_GREYNOISE_BASE_URL = URI.create("https://api.greynoise.io");
  public static final long DEFAULT_TIMEOUT_MS = 4_000;
  public static final long MAX_TIMEOUT_MS = 60_000;
  public static final int DEFAULT_MAX_CONCURRENCY = 4;
  public static final int MAX_CONCURRENCY_LIMIT = 64;
  public static final int DEFAULT_MAX_RETRIES = 2;
  public static final int MAX_RETRIES_LIMIT = 5;
  public static final long DEFAULT_RETRY_BACKOFF_MS = 500;
  public static final long MAX_RETRY_BACKOFF_MS = 10_000;
  public static final long DEFAULT_CACHE_TTL_HOURS = 24;
  public static final long MAX_CACHE_TTL_HOURS = 24L * 365;
  static final String CACHE_FOLDER = "porthunter";

  public IntelSettings {
    if (otxBaseUrl == null || greynoiseBaseUrl == null || timeout == null || retryBackoff == null
        || cacheDir == null || cacheTtl == null) {
      throw new IllegalArgumentException("intel settings: base URLs, durations and cache dir are required");
    }
    if (maxConcurrentCalls < 1 || maxRetries < 0) {
      throw new IllegalArgumentException("intel settings: concurrency must be >= 1 and retries >= 0");
    }
  }

  /** Reads and validates the settings; an invalid value throws a {@link SettingsException} naming its variable. */
  public static IntelSettings fromEnv(Map<String, String> env) {
    return new IntelSettings(
        readableFile(env, GEOIP_DB),
        readableFile(env, ASN_DB),
        firstPresent(env, OTX_API_KEY, OTX_API_KEY_FALLBACK),
        firstPresent(env, GREYNOISE_API_KEY, GREYNOISE_API_KEY_FALLBACK),
        httpUrl(env, OTX_BASE_URL, DEFAULT_OTX_BASE_URL),
        httpUrl(env, GREYNOISE_BASE_URL, DEFAULT_GREYNOISE_BASE_URL),
        Duration.ofMillis(number(env, TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS)),
        (int) number(env, MAX_CONCURRENCY, DEFAULT_MAX_CONCURRENCY, 1, MAX_CONCURRENCY_LIMIT),
        (int) number(env, MAX_RETRIES, DEFAULT_MAX_RETRIES, 0, MAX_RETRIES_LIMIT),
        Duration.ofMillis(number(env, RETRY_BACKOFF_MS, DEFAULT_RETRY_BACKOFF_MS, 1, MAX_RETRY_BACKOFF_MS)),
        cacheDir(env),
        Duration.ofHours(number(env, CACHE_TTL_HOURS, DEFAULT_CACHE_TTL_HOURS, 0, MAX_CACHE_TTL_HOURS)));
  }

  public boolean cacheEnabled() {
    return !cacheTtl.isZero();
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static String firstPresent(Map<String, String> env, String name, String fallback) {
    String v = value(env, name);
    return v != null ? v : value(env, fallback);
  }

  private static Path readableFile(Map<String, String> env, String name) {
    String v = value(env, name);
    if (v == null) {
      return null;
    }
    Path p = path(name, v);
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new SettingsException(name + " must name a readable MMDB file, got '" + v + "'");
    }
    return p;
  }

  private static Path path(String name, String v) {
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      throw new SettingsException(name + " is not a valid path, got '" + v + "'");
    }
  }

  private static URI httpUrl(Map<String, String> env, String name, URI fallback) {
    String v = value(env, name);
    if (v == null) {
      return fallback;
    }
    try {
      URI uri = new URI(v);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new SettingsException(name + " must be an absolute http(s) URL, got '" + v + "'");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) { // the API's paths are appended to it
        throw new SettingsException(name + " must be an API root with no query or fragment, got '" + v + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new SettingsException(name + " is not a valid URL, got '" + v + "'");
    }
  }

  private static long number(Map<String, String> env, String name, long fallback, long min, long max) {
    String v = value(env, name);
    if (v == null) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new SettingsException(name + " must be a whole number, got '" + v + "'");
    }
    if (n < min || n > max) {
      throw new SettingsException(name + " must be between " + min + " and " + max + ", got '" + v + "'");
    }
    return n;
  }

  /** PORT_HUNTER_CACHE_DIR, else $XDG_CACHE_HOME/porthunter, else ~/.cache/porthunter. */
  private static Path cacheDir(Map<String, String> env) {
    String explicit = value(env, CACHE_DIR);
    if (explicit != null) {
      return path(CACHE_DIR, explicit);
    }
    String xdg = value(env, "XDG_CACHE_HOME");
    if (xdg != null) {
      return path("XDG_CACHE_HOME", xdg).resolve(CACHE_FOLDER);
    }
    String home = value(env, "HOME");
    return path("HOME", home != null ? home : System.getProperty("user.home"))
        .resolve(".cache").resolve(CACHE_FOLDER);
  }
}
