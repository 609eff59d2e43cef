package io.porthunter.cli;

import io.porthunter.config.Settings;
import io.porthunter.intel.IpIntel;
import io.porthunter.report.ScanReports;
import java.lang.reflect.Proxy;

/**
 * Stand-ins used until the real analysis and enrichment are plugged into {@link
 * PortHunterCli.Services#DEFAULT}: every call fails (an {@code internal_error} result), closing is a
 * no-op. They let the server start and refuse bad requests (token, path, type, size, arguments)
 * before any analysis is needed.
 */
final class NotWired {
  static final PortHunterCli.Services SERVICES = new PortHunterCli.Services() {
    @Override
    public ScanReports reports(Settings settings) {
      return stub(ScanReports.class);
    }

    @Override
    public IpIntel intel(Settings settings) {
      return stub(IpIntel.class);
    }
  };

  private NotWired() {}

  private static <T> T stub(Class<T> type) {
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
      switch (method.getName()) {
        case "close":
          return null;
        case "toString":
          return "NotWired[" + type.getSimpleName() + "]";
        case "hashCode":
          return System.identityHashCode(self);
        case "equals":
          return self == args[0];
        default:
          throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName()
              + " is not plugged in yet (PortHunterCli.Services.DEFAULT)");
      }
    });
    return type.cast(proxy);
  }
}
