package io.porthunter.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The views made of one kept analysis (and the indexes they look things up in), by their arguments:
 * asking again with the same arguments returns the very same view object, so a caller may keep what
 * it derives from a view (the server keeps each view's checked JSON) for as long as the view is kept.
 * Holds the {@link #MAX_VIEWS} asked for last. Thread-safe; a view is made outside the lock, and the first one kept wins a race.
 */
final class ViewMemo {
  /** Views kept per analysis: each view's default, a few variants of their arguments, an index. */
  static final int MAX_VIEWS = 8;

  private final Map<Object, Object> views = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
      return size() > MAX_VIEWS;
    }
  };

  /** The view kept under {@code key} (a record of the view's arguments), made now if there is none. */
  @SuppressWarnings("unchecked")
  <V> V get(Object key, Supplier<V> make) {
    synchronized (views) {
      Object kept = views.get(key);
      if (kept != null) {
        return (V) kept;
      }
    }
    V made = make.get();
    synchronized (views) {
      Object raced = views.putIfAbsent(key, made);
      return raced != null ? (V) raced : made;
    }
  }
}
