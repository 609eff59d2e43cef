package io.porthunter.intel;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The enrichment layer: offline facts (user MMDB over embedded data), special-purpose blocks, and
 * OTX / GreyNoise answers through a persistent cache. Threat sources are asked only when keyed and
 * never for special-purpose addresses.
 */
public final class DefaultIpIntel implements IpIntel {
  static final String ASN_PREFIX = "AS";
  /** Enrichments running at once, across calls (a correlate carries at most 256 addresses). */
  private static final int POOL_THREADS = 64;
  private static final long POOL_IDLE_SECONDS = 30;
  /** How often a correlate waiting for its enrichments looks at its cancellation flag. */
  private static final long CANCEL_POLL_MILLIS = 100;

  private final IntelSettings settings;
  private final Clock clock;
  private final OfflineLookup offline;
  private final Object lock = new Object();
  private ExecutorService pool; // created on the first enrichAll
  /** Created on the first enrich: the analysis tools only need offline facts, and start sooner without it. */
  private Threats threats;
  private boolean closed;

  /** The threat sources and the cache of their answers. */
  private record Threats(List<ThreatSource> sources, AnswerCache answers) {}

  private DefaultIpIntel(IntelSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.offline = new OfflineLookup(settings);
  }

  private Threats threats() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("enrichment used after close");
      }
      if (threats == null) {
        ThreatHttp http = new ThreatHttp(settings, clock);
        threats = new Threats(List.of(new OtxSource(http, settings), new GreyNoiseSource(http, settings)),
            new AnswerCache(settings, clock));
      }
      return threats;
    }
  }

  /** The enrichment layer for these settings; close it to release the cache and user databases. */
  public static IpIntel create(IntelSettings settings) {
    return create(settings, Clock.systemUTC());
  }

  static DefaultIpIntel create(IntelSettings settings, Clock clock) {
    return new DefaultIpIntel(settings, clock);
  }

  @Override
  public Optional<SpecialPurpose> specialPurpose(InetAddress ip) {
    return SpecialPurposeRegistry.lookup(ip);
  }

  @Override
  public void prefetchOffline() {
    Thread loader = new Thread(EmbeddedIpDb::get, "porthunter-offline-data");
    loader.setDaemon(true);
    loader.start();
  }

  @Override
  public OfflineFacts offline(InetAddress ip) {
    return offline.lookup(ip);
  }

  @Override
  public Enrichment enrich(InetAddress ip) {
    InetAddress address = Addresses.canonical(ip);
    OfflineFacts facts = offline(address);
    boolean special = specialPurpose(address).isPresent();
    Map<String, Object> threat = new LinkedHashMap<>();
    Threats t = threats();
    for (ThreatSource source : t.sources()) {
      threat.put(source.name(), threatEntry(t.answers(), source, address, special));
    }
    return new Enrichment(facts.asn() == null ? null : ASN_PREFIX + facts.asn(), facts.asn(),
        facts.org(), geo(facts), threat);
  }

  @Override
  public List<Enrichment> enrichAll(List<InetAddress> ips, BooleanSupplier cancelled) {
    // each distinct address once: 100 copies of one made 600 requests
    Map<InetAddress, Future<Enrichment>> futures = new LinkedHashMap<>();
    ExecutorService executor = pool();
    for (InetAddress ip : ips) {
      futures.computeIfAbsent(Addresses.canonical(ip), address -> executor.submit(() -> {
        if (cancelled.getAsBoolean()) {
          throw new CancellationException("correlate cancelled");
        }
        return enrich(address);
      }));
    }
    try {
      List<Enrichment> out = new ArrayList<>(ips.size());
      for (InetAddress ip : ips) {
        out.add(await(futures.get(Addresses.canonical(ip)), cancelled));
      }
      return out;
    } finally {
      futures.values().forEach(pending -> pending.cancel(true)); // a no-op for those done
    }
  }

  /** One enrichment, watching for cancellation while it runs. */
  private static Enrichment await(Future<Enrichment> f, BooleanSupplier cancelled) {
    while (true) {
      if (cancelled.getAsBoolean()) {
        throw new CancellationException("correlate cancelled");
      }
      try {
        return f.get(CANCEL_POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        // look at the flag again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("enrichment interrupted");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof CancellationException c) {
          throw c;
        }
        throw new IllegalStateException("enrichment failed", e.getCause());
      }
    }
  }

  @Override
  public Groups group(List<InetAddress> ips, List<Enrichment> enrichments) {
    return Grouping.of(ips, enrichments);
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (pool != null) {
        pool.shutdownNow();
      }
      if (threats != null) {
        threats.answers().close();
      }
    }
    offline.close();
  }

  private static Map<String, Object> threatEntry(AnswerCache answers, ThreatSource source, InetAddress ip,
      boolean special) {
    if (!source.enabled()) {
      return ThreatSource.entry(ThreatStatus.DISABLED);
    }
    if (special) {
      Map<String, Object> skipped = ThreatSource.entry(ThreatStatus.SKIPPED);
      skipped.put("reason", SpecialPurposeRegistry.REASON);
      return skipped;
    }
    String key = Addresses.text(ip);
    Optional<Map<String, Object>> cached = answers.get(source.cacheName(), key);
    if (cached.isPresent()) {
      return cached.get();
    }
    Map<String, Object> answer = source.query(ip);
    answers.put(source.cacheName(), key, answer);
    return answer;
  }

  private static Map<String, Object> geo(OfflineFacts facts) {
    Map<String, Object> geo = new LinkedHashMap<>();
    geo.put("country", facts.country());
    putIfKnown(geo, "city", facts.city());
    putIfKnown(geo, "region", facts.region());
    putIfKnown(geo, "latitude", facts.latitude());
    putIfKnown(geo, "longitude", facts.longitude());
    geo.put("source", facts.geo_source());
    return geo;
  }

  private static void putIfKnown(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private ExecutorService pool() {
    synchronized (lock) {
      if (pool == null) {
        AtomicInteger n = new AtomicInteger();
        // Threads to spare: HTTP calls in flight are capped by ThreatHttp, and an address whose
        // answers are cached must not queue behind another call's slow lookups.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(POOL_THREADS, POOL_THREADS, POOL_IDLE_SECONDS,
            TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "porthunter-intel-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
        executor.allowCoreThreadTimeOut(true);
        pool = executor;
      }
      return pool;
    }
  }
}
