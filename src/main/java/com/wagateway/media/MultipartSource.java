package com.wagateway.media;

import com.wagateway.domain.InvalidInputException;
import io.undertow.connector.ByteBufferPool;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.MalformedMessageException;
import io.undertow.util.MultipartParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A {@code multipart/form-data} body holding one file part, parsed as it streams in (Undertow's
 * push parser): the file's bytes go to the sink as they arrive, never gathered in memory. Parts
 * without a file name (form fields) are skipped.
 */
final class MultipartSource implements MediaService.Source {
  private final InputStream body;
  private final String boundary;
  private final ByteBufferPool buffers;

  MultipartSource(InputStream body, String boundary, ByteBufferPool buffers) {
    this.body = body;
    this.boundary = boundary;
    this.buffers = buffers;
  }

  @Override
  public void pump(MediaService.Sink sink) throws IOException {
    FilePart part = new FilePart(sink);
    MultipartParser.ParseState parser =
        MultipartParser.beginParse(
            buffers, part, boundary.getBytes(StandardCharsets.US_ASCII), "UTF-8");
    byte[] bytes = new byte[16 * 1024];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    int n;
    try {
      while ((n = body.read(bytes)) > 0) {
        buffer.clear().limit(n);
        parser.parse(buffer);
        if (parser.isComplete()) break;
      }
    } catch (MalformedMessageException e) {
      throw malformed("it is not valid multipart/form-data");
    }
    if (!parser.isComplete()) {
      throw malformed("it ended before the closing boundary '--" + boundary + "--'");
    }
    if (!part.seenFile) throw malformed("it holds no part with a filename (the file)");
  }

  private static InvalidInputException malformed(String why) {
    return new InvalidInputException("file", "could not be read from the multipart body: " + why);
  }

  /** Routes the file part's bytes to the sink and skips the rest. */
  private static final class FilePart implements MultipartParser.PartHandler {
    private final MediaService.Sink sink;
    private boolean inFile;
    private boolean seenFile;
    private byte[] copy = new byte[0];

    FilePart(MediaService.Sink sink) {
      this.sink = sink;
    }

    @Override
    public void beginPart(HeaderMap headers) {
      String disposition = headers.getFirst(Headers.CONTENT_DISPOSITION);
      String fileName =
          disposition == null
              ? null
              : Headers.extractQuotedValueFromHeaderWithEncoding(disposition, "filename");
      inFile = fileName != null;
      if (!inFile) return;
      if (seenFile) throw new InvalidInputException("file", "send exactly one file per upload");
      seenFile = true;
      sink.start(headers.getFirst(Headers.CONTENT_TYPE), fileName);
    }

    @Override
    public void data(ByteBuffer buffer) {
      if (!inFile) return;
      int n = buffer.remaining();
      if (buffer.hasArray()) {
        sink.write(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
        buffer.position(buffer.limit());
        return;
      }
      if (copy.length < n) copy = new byte[n];
      buffer.get(copy, 0, n);
      sink.write(copy, 0, n);
    }

    @Override
    public void endPart() {
      inFile = false;
    }
  }
}
