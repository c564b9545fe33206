package com.wagateway.receipt;

import java.time.Duration;
import java.util.List;

/**
 * A session's own records, as the page's receipt reader needs them: where to write what it saw, and
 * which chats still wait for a receipt. The database implements it ({@link ReceiptStore}); {@link
 * #NONE} is for senders whose receipts nobody records.
 */
public interface ReceiptLedger {
  ReceiptLedger NONE =
      new ReceiptLedger() {
        @Override
        public List<ReceiptChange> seen(String session, String waMessageId, Receipt receipt) {
          return List.of();
        }

        @Override
        public List<ReceiptChange> seenLast(
            String session, String chatDigits, String preview, Receipt receipt) {
          return List.of();
        }

        @Override
        public List<String> waitingChats(String session, Duration window, int limit) {
          return List.of();
        }

        @Override
        public boolean sendDue(String session) {
          return false;
        }
      };

  /** The message {@code waMessageId} of {@code session} showed {@code receipt}. */
  List<ReceiptChange> seen(String session, String waMessageId, Receipt receipt);

  /**
   * A chat list row: the chat with the number {@code chatDigits} ends with a message of ours that
   * shows {@code receipt}, its text starting with {@code preview}. It is matched to the newest
   * message of ours in that chat by the session's records, and only when the texts agree.
   */
  List<ReceiptChange> seenLast(String session, String chatDigits, String preview, Receipt receipt);

  /**
   * Numbers (E.164) of the session's chats with a message of ours sent within {@code window} and
   * still short of read, the longest waiting first.
   */
  List<String> waitingChats(String session, Duration window, int limit);

  /** Whether a message of {@code session} is due to be sent now (receipt revisits then wait). */
  boolean sendDue(String session);
}
