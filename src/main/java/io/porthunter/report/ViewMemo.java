package io.porthunter.report;

import java.lang.ref.SoftReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The views made of one kept analysis (and the indexes they look things up in), by their arguments:
 * asking again with the same arguments returns the very same view object, so a caller may keep what
 * it derives from a view (the server keeps each view's checked JSON) for as long as the view is kept.
 * Holds the {@link #MAX_VIEWS} asked for last, softly: views are only a shortcut, and may weigh as
 * much as their analysis each, which the analysis cache's budget does not count, so under memory
 * pressure the collector takes them back (and what callers derived from them) before it would fail.
 * Thread-safe; a view is made outside the lock, and the first one kept wins a race.
 */
final class ViewMemo {
  /** Views kept per analysis: each view's default, a few variants of their arguments, an index. */
  static final int MAX_VIEWS = 8;

  private final Map<Object, SoftReference<Object>> views = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Object, SoftReference<Object>> eldest) {
      return size() > MAX_VIEWS;
    }
  };

  /** The view kept under {@code key} (a record of the view's arguments), made now if there is none. */
  @SuppressWarnings("unchecked")
  <V> V get(Object key, Supplier<V> make) {
    Object kept = kept(key);
    if (kept != null) {
      return (V) kept;
    }
    V made = make.get();
    synchronized (views) {
      Object raced = kept(key);
      if (raced != null) {
        return (V) raced;
      }
      views.put(key, new SoftReference<>(made));
      return made;
    }
  }

  private Object kept(Object key) {
    synchronized (views) {
      SoftReference<Object> ref = views.get(key);
      return ref == null ? null : ref.get();
    }
  }
}
