package com.wagateway.whatsapp.fake;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When the double's messages show two ticks and " Read " (whatsapp-web-facts.md, "Delivered and
 * read"): after delays counted from the single tick, set for every number or per number. A number
 * may never deliver (its phone is off for good), or deliver and never read (read receipts off).
 * WhatsApp marks a chat read as a whole, so a message read reads every earlier one of its chat.
 */
public final class FakeReceipts {
  /** When each state begins for one message; null: never (or not yet decided: not acknowledged). */
  public record Times(Instant sent, Instant delivered, Instant read) {
    /** The state the page shows at {@code now}: pending, sent, delivered or read. */
    public String stateAt(Instant now) {
      if (read != null && !now.isBefore(read)) return "read";
      if (delivered != null && !now.isBefore(delivered)) return "delivered";
      if (sent != null && !now.isBefore(sent)) return "sent";
      return "pending";
    }
  }

  /** Delays after the single tick; null: never. */
  private record Delays(Duration delivered, Duration read) {}

  // Guarded by this. Default: two ticks one tick delay after the first (as before receipts were
  // modelled), nobody reads.
  private Delays defaults = new Delays(null, null);
  private boolean defaultDeliveredSet;
  private final Map<String, Delays> perNumber = new HashMap<>();

  /** For every number without its own: two ticks {@code delivered} after one, read {@code read}. */
  public synchronized FakeReceipts delays(Duration delivered, Duration read) {
    defaults = new Delays(delivered, read);
    defaultDeliveredSet = true;
    return this;
  }

  /** For {@code phone}: two ticks {@code delivered} after one, " Read " {@code read} after one. */
  public synchronized FakeReceipts number(String phone, Duration delivered, Duration read) {
    perNumber.put(digits(phone), new Delays(delivered, read));
    return this;
  }

  /** {@code phone}'s messages stay at one tick for good. */
  public FakeReceipts neverDelivers(String phone) {
    return number(phone, null, null);
  }

  /** {@code phone} has read receipts off: two ticks after {@code delivered}, never " Read ". */
  public FakeReceipts readReceiptsOff(String phone, Duration delivered) {
    return number(phone, delivered, null);
  }

  /**
   * The times of {@code message}, one of {@code chat} (that number's messages from the same
   * account, oldest first). {@code ackDelay}: from the send to the single tick; {@code deliver}
   * false: the double's switch that keeps every message at one tick.
   */
  synchronized Times times(
      FakeWhatsAppWeb.Delivery message,
      List<FakeWhatsAppWeb.Delivery> chat,
      Duration ackDelay,
      boolean deliver) {
    Times own = ownTimes(message, ackDelay, deliver);
    Instant read = own.read();
    boolean later = false;
    for (FakeWhatsAppWeb.Delivery m : chat) {
      if (m == message) later = true;
      if (!later || m == message) continue;
      Instant r = ownTimes(m, ackDelay, deliver).read();
      if (r != null && (read == null || r.isBefore(read))) read = r;
    }
    Instant delivered = own.delivered();
    if (read != null && (delivered == null || read.isBefore(delivered))) delivered = read;
    return new Times(own.sent(), delivered, read);
  }

  private Times ownTimes(FakeWhatsAppWeb.Delivery m, Duration ackDelay, boolean deliver) {
    if (!m.acknowledged()) return new Times(null, null, null);
    Instant sent = m.at().plus(ackDelay);
    Delays d = perNumber.get(m.phone());
    Duration deliveredAfter;
    Duration readAfter;
    if (d != null) {
      deliveredAfter = d.delivered();
      readAfter = d.read();
    } else {
      deliveredAfter = defaultDeliveredSet ? defaults.delivered() : ackDelay;
      readAfter = defaults.read();
    }
    if (!deliver || deliveredAfter == null) return new Times(sent, null, null);
    Instant delivered = sent.plus(deliveredAfter);
    Instant read = readAfter == null ? null : sent.plus(readAfter);
    if (read != null && read.isBefore(delivered)) read = delivered;
    return new Times(sent, delivered, read);
  }

  private static String digits(String phone) {
    return phone.replaceAll("[^0-9]", "");
  }
}
