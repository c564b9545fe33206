package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QrCodesTest {
  private static final String PAYLOAD =
      "2@abcdef0123456789,bDKeZUtpAnOPPof9hRW3YjkyDcISG/valw4F5NmcJNc=,"
          + "gcEJyidOVaJ3hQnYSN26c+4Ypp9M8aXKYxbgoKLTOT4=,R02erP+TBNWx8RK4E0U2DQ==";

  @Test
  void pngDecodesToThePayload() {
    assertEquals(PAYLOAD, QrCodes.decode(QrCodes.png(PAYLOAD)));
  }

  @Test
  void terminalTextIsSquareBlocksWithAQuietZone() {
    String text = QrCodes.terminal(PAYLOAD);
    String[] lines = text.split("\n");
    assertTrue(lines.length > 10);
    assertTrue(lines[0].chars().allMatch(c -> c == '█'), "the quiet zone prints light");
    int modules = lines[0].length();
    assertEquals((modules + 1) / 2, lines.length, "two rows of modules per line");
  }
}
