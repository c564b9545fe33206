package com.wagateway.console;

import com.wagateway.domain.InvalidInputException;
import com.wagateway.media.MediaService;
import io.undertow.connector.ByteBufferPool;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.MalformedMessageException;
import io.undertow.util.MultipartParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A console form posted as {@code multipart/form-data} with one file, parsed as it streams in: the
 * fields before the file (the CSRF token, the client) are read first, so the page can refuse the
 * form before a byte of the file is stored; then the file streams on as a {@link
 * MediaService.Source}, never gathered in memory. A file input left empty counts as no file.
 */
final class FileForm {
  private static final int MAX_FIELD_BYTES = 64 * 1024;

  private final InputStream body;
  private final String boundary;
  private final MultipartParser.ParseState parser;
  private final Parts parts = new Parts();
  private final byte[] bytes = new byte[16 * 1024];
  private final ByteBuffer buffer = ByteBuffer.wrap(bytes);

  private FileForm(InputStream body, String boundary, ByteBufferPool buffers) {
    this.body = body;
    this.boundary = boundary;
    this.parser =
        MultipartParser.beginParse(
            buffers, parts, boundary.getBytes(StandardCharsets.US_ASCII), "UTF-8");
  }

  /** Reads the body up to the file part (or to its end when it holds no file). */
  static FileForm begin(InputStream body, String boundary, ByteBufferPool buffers)
      throws IOException {
    FileForm form = new FileForm(body, boundary, buffers);
    form.readWhile(() -> form.parts.fileName == null);
    return form;
  }

  /** A field's value as sent (the fields before the file, and after it once it was read). */
  String raw(String name) {
    return parts.fields.get(name);
  }

  /** Whether a file was chosen. */
  boolean hasFile() {
    return parts.fileName != null;
  }

  /** The file, streamed from the body as the media service stores it. */
  MediaService.Source file() {
    return sink -> {
      sink.start(parts.fileType, parts.fileName);
      byte[] early = parts.early.toByteArray();
      sink.write(early, 0, early.length);
      parts.sink = sink;
      readWhile(() -> true);
    };
  }

  private interface Condition {
    boolean holds();
  }

  private void readWhile(Condition condition) throws IOException {
    try {
      int n;
      while (!parser.isComplete() && condition.holds() && (n = body.read(bytes)) > 0) {
        buffer.clear().limit(n);
        parser.parse(buffer);
      }
    } catch (MalformedMessageException e) {
      throw malformed("it is not valid multipart/form-data");
    }
    if (!parser.isComplete() && condition.holds()) {
      throw malformed("it ended before the closing boundary '--" + boundary + "--'");
    }
  }

  private static InvalidInputException malformed(String why) {
    return new InvalidInputException("file", "the form could not be read: " + why);
  }

  /** Keeps the small fields, and hands the file's bytes on (held until the sink is there). */
  private static final class Parts implements MultipartParser.PartHandler {
    private final Map<String, String> fields = new HashMap<>();
    private final ByteArrayOutputStream field = new ByteArrayOutputStream();
    private final ByteArrayOutputStream early = new ByteArrayOutputStream();
    private String fieldName;
    private boolean inFile;
    private String fileName;
    private String fileType;
    private MediaService.Sink sink;

    @Override
    public void beginPart(HeaderMap headers) {
      String disposition = headers.getFirst(Headers.CONTENT_DISPOSITION);
      String name =
          disposition == null ? null : Headers.extractQuotedValueFromHeader(disposition, "name");
      String file =
          disposition == null
              ? null
              : Headers.extractQuotedValueFromHeaderWithEncoding(disposition, "filename");
      fieldName = null;
      inFile = false;
      if (file != null) {
        // A file input left empty is sent with an empty file name and no bytes.
        if (file.isEmpty()) return;
        if (fileName != null) throw new InvalidInputException("file", "send exactly one file");
        inFile = true;
        fileName = file;
        fileType = headers.getFirst(Headers.CONTENT_TYPE);
        return;
      }
      fieldName = name;
      field.reset();
    }

    @Override
    public void data(ByteBuffer data) {
      int n = data.remaining();
      if (inFile) {
        if (sink == null) {
          byte[] copy = new byte[n];
          data.get(copy);
          early.write(copy, 0, n);
        } else if (data.hasArray()) {
          sink.write(data.array(), data.arrayOffset() + data.position(), n);
          data.position(data.limit());
        } else {
          byte[] copy = new byte[n];
          data.get(copy);
          sink.write(copy, 0, n);
        }
        return;
      }
      if (fieldName == null) {
        data.position(data.limit());
        return;
      }
      if (field.size() + n > MAX_FIELD_BYTES) {
        throw new InvalidInputException(fieldName, "is longer than " + MAX_FIELD_BYTES + " bytes");
      }
      byte[] copy = new byte[n];
      data.get(copy);
      field.write(copy, 0, n);
    }

    @Override
    public void endPart() {
      if (fieldName != null) fields.putIfAbsent(fieldName, field.toString(StandardCharsets.UTF_8));
      fieldName = null;
      inFile = false;
    }
  }
}
