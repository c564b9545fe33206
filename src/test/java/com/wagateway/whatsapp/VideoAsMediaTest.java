package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.wagateway.queue.AttachedFile;
import com.wagateway.queue.Handoff;
import com.wagateway.queue.OutgoingMessage;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.MediaFiles;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb.ReceivedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code WA_MEDIA_VIDEO_AS_DOCUMENT=false} (a browser that plays H.264, such as Google Chrome)
 * a video goes through "Photos & videos", as the app sends a video. The default, a document, is
 * asserted by {@link FilesThroughWhatsAppTest}.
 */
@BrowserTest
class VideoAsMediaTest {
  @Test
  void aVideoGoesThroughPhotosAndVideosWhenSetNotToBeADocument(@TempDir Path dir) throws Exception {
    byte[] video = MediaFiles.mp4(40_000, 51);
    Path file = Files.write(dir.resolve("clip.mp4"), video);
    try (FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast();
        WhatsAppWebSender sender =
            new WhatsAppWebSender(
                WhatsAppTestSupport.whatsapp(
                    fake, dir.resolve("profile"), Map.of("WA_MEDIA_VIDEO_AS_DOCUMENT", "false")))) {
      WhatsAppTestSupport.logIn(fake, sender);
      OutgoingMessage message =
          new OutgoingMessage(1, "+972506680001", "the clip", 1, 0, 1, "default", 7L, false)
              .withFile(new AttachedFile(file, "video", "clip.mp4"));
      WhatsAppTestSupport.assertSent(sender.send(message, Handoff.unrecorded()));
      List<ReceivedFile> got = fake.filesTo("+972506680001");
      assertEquals(1, got.size());
      assertEquals(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(video)),
          got.get(0).sha256());
      assertFalse(got.get(0).asDocument(), "through Photos & videos");
      assertEquals(List.of("the clip"), fake.textsTo("+972506680001"));
    }
  }
}
