package com.wagateway.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.wagateway.domain.UnsupportedTypeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The type of a file is decided from its first bytes. */
class ContentTypesTest {

  private static byte[] bytes(Object... parts) {
    byte[] out = new byte[ContentTypes.HEAD_BYTES];
    int at = 0;
    for (Object p : parts) {
      byte[] b = p instanceof String s ? s.getBytes(StandardCharsets.ISO_8859_1) : (byte[]) p;
      System.arraycopy(b, 0, out, at, b.length);
      at += b.length;
    }
    return out;
  }

  private static ContentTypes.Decided decide(String declared, byte[] head) {
    return ContentTypes.decide(declared, head, head.length);
  }

  @Test
  void eachFormatIsRecognisedFromItsSignature() {
    assertEquals("image/gif", decide(null, bytes("GIF89a")).contentType());
    assertEquals("image/webp", decide(null, bytes("RIFF", new byte[4], "WEBP")).contentType());
    assertEquals("audio/mpeg", decide(null, bytes("ID3")).contentType());
    assertEquals("audio/ogg", decide(null, bytes("OggS")).contentType());
    assertEquals("application/pdf", decide(null, bytes("%PDF-1.4")).contentType());
    assertEquals(MediaKind.DOCUMENT, decide(null, bytes("%PDF-1.4")).kind());
  }

  @Test
  void isoMediaFilesAreToldApartByTheirBrand() {
    assertEquals("video/mp4", decide(null, bytes(new byte[4], "ftypisom")).contentType());
    assertEquals("video/quicktime", decide(null, bytes(new byte[4], "ftypqt  ")).contentType());
    assertEquals("video/3gpp", decide(null, bytes(new byte[4], "ftyp3gp4")).contentType());
    ContentTypes.Decided m4a = decide(null, bytes(new byte[4], "ftypM4A "));
    assertEquals("audio/mp4", m4a.contentType());
    assertEquals(MediaKind.AUDIO, m4a.kind());
  }

  @Test
  void anOfficeDocumentKeepsItsDeclaredTypeAsAZipFile() {
    String docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    ContentTypes.Decided d = decide(docx, bytes("PK", new byte[] {3, 4}));
    assertEquals(docx, d.contentType());
    assertEquals(MediaKind.DOCUMENT, d.kind());
  }

  @Test
  void anMp4DeclaredAsAudioIsAudio() {
    assertEquals(MediaKind.AUDIO, decide("audio/mp4", bytes(new byte[4], "ftypisom")).kind());
  }

  @Test
  void declaredTypesTheBytesContradictAreRefused() {
    assertThrows(UnsupportedTypeException.class, () -> decide("image/png", bytes("GIF89a")));
    assertThrows(
        UnsupportedTypeException.class, () -> decide("video/mp4", bytes("PK", new byte[] {3, 4})));
    assertThrows(UnsupportedTypeException.class, () -> decide("audio/mpeg", bytes("hello")));
  }

  @Test
  void parametersAndAliasesOfTheDeclaredTypeDoNotMatter() {
    byte[] jpeg = bytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
    assertEquals("image/jpeg", decide("image/JPG; name=x", jpeg).contentType());
  }
}
