package com.wagateway.receipt;

import java.util.List;

/** Hears of the messages each receipt moved forward, after they were committed (metrics). */
@FunctionalInterface
public interface ReceiptEvents {
  ReceiptEvents NONE = changes -> {};

  void recorded(List<ReceiptChange> changes);
}
