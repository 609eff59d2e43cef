package io.porthunter.detect;

import io.porthunter.capture.IpText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An FTP server's scan ordered by PORT commands ({@link BounceOrders}): a client that sent {@code
 * minFailedContacts} or more naming one host, which the server then failed on and which answered it
 * (a refusal at least), made the server a relay (nmap {@code -b}) and is who scanned. Commands naming
 * a host it did not fail on (a site-to-site transfer) say nothing of its scan, nor do a client's
 * few naming its own private address from behind NAT, which nothing answers.
 */
final class FtpBounce {
  /** Senders named in the reason; more are counted. */
  private static final int CLIENTS_NAMED = 3;

  /** Each named host the server failed on, with the frame of the first command naming it. */
  private final AddressMap<long[]> namedHosts;
  private final BounceOrders orders;
  private final String reason;

  private FtpBounce(AddressMap<long[]> namedHosts, BounceOrders orders, String reason) {
    this.namedHosts = namedHosts;
    this.orders = orders;
    this.reason = reason;
  }

  /** The bounce the orders show against the hosts the server failed on, or null when they show none. */
  static FtpBounce of(BounceOrders orders, Contacts k, AddressMap<long[]> failedHosts, int minCommands) {
    if (orders == null) {
      return null;
    }
    AddressMap<Boolean> answered = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    for (int r : k.rows) {
      Outcome o = k.table.outcome(r);
      if (o == Outcome.REFUSED || o.success()) {
        answered.computeIfAbsent(k.table.dstHi(r), k.table.dstLo(r), () -> Boolean.TRUE);
      }
    }
    AddressMap<long[]> hosts = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    Map<String, long[]> byClient = new LinkedHashMap<>(); // client -> {commands, first frame}
    long commands = 0;
    for (int i = 0; i < orders.size(); i++) {
      if (orders.commands(i) < minCommands || failedHosts.get(orders.namedHi(i), orders.namedLo(i)) == null
          || answered.get(orders.namedHi(i), orders.namedLo(i)) == null) {
        continue;
      }
      long[] firstNamed = hosts.computeIfAbsent(orders.namedHi(i), orders.namedLo(i), () -> new long[] {Long.MAX_VALUE});
      firstNamed[0] = Math.min(firstNamed[0], orders.firstFrame(i));
      long[] client = byClient.computeIfAbsent(IpText.format(orders.clientHi(i), orders.clientLo(i)),
          text -> new long[] {0, Long.MAX_VALUE});
      client[0] += orders.commands(i);
      client[1] = Math.min(client[1], orders.firstFrame(i));
      commands += orders.commands(i);
    }
    if (commands == 0) {
      return null;
    }
    List<Map.Entry<String, long[]>> clients = new ArrayList<>(byClient.entrySet());
    clients.sort(Comparator.comparingLong(e -> e.getValue()[1]));
    List<String> named = new ArrayList<>();
    for (int i = 0; i < Math.min(CLIENTS_NAMED, clients.size()); i++) {
      named.add(clients.get(i).getKey() + " (" + clients.get(i).getValue()[0] + ")");
    }
    String more = clients.size() > CLIENTS_NAMED ? " and " + (clients.size() - CLIENTS_NAMED) + " more" : "";
    return new FtpBounce(hosts, orders, "FTP bounce: it received " + Words.counted(commands, "PORT command")
        + " naming hosts it then failed on, from " + String.join(", ", named) + more
        + (orders.many() ? " (further senders and hosts not kept)" : "")
        + "; its connections there were made on their orders (RFC 2577; nmap -b): they are who scanned");
  }

  /**
   * True for a connection to a host and a port the bounce's commands named, opened in {@code frame},
   * after the first command naming the host: the server's own connections there are not its orders.
   */
  boolean ordered(long hi, long lo, int port, long frame) {
    long[] firstNamed = namedHosts.get(hi, lo);
    return firstNamed != null && frame > firstNamed[0] && orders.namedPort(port);
  }

  String reason() {
    return reason;
  }
}
