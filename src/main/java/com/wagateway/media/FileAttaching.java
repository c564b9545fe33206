package com.wagateway.media;

import com.wagateway.queue.AttachedFile;
import com.wagateway.queue.ForwardingSender;
import com.wagateway.queue.Handoff;
import com.wagateway.queue.OutgoingMessage;
import com.wagateway.queue.SendResult;
import com.wagateway.queue.Sender;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a message's file on disk for the sender: its bytes from PostgreSQL, streamed into a file in
 * a directory only this process's user can read, for the length of one send; removed after it,
 * whatever the send answered. A text passes through untouched.
 */
public final class FileAttaching extends ForwardingSender {
  private static final Logger log = LoggerFactory.getLogger(FileAttaching.class);

  private final MediaService media;

  public FileAttaching(Sender sender, MediaService media) {
    super(sender);
    this.media = media;
  }

  @Override
  public SendResult send(OutgoingMessage message, Handoff handoff) {
    if (message.mediaId() == null || message.file() != null) return sender.send(message, handoff);
    Optional<MediaView> found = media.find(message.mediaId());
    if (found.isEmpty()) {
      return SendResult.permanent(
          "The file of this message (media "
              + message.mediaId()
              + ") is no longer stored (deleted after WA_MEDIA_RETENTION); upload it again");
    }
    MediaView file = found.get();
    Path dir = null;
    try {
      dir =
          Files.createTempDirectory(
              "wa-send-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path path = dir.resolve(safeName(file));
      try (OutputStream out = Files.newOutputStream(path)) {
        media.copyTo(file, out);
      }
      return sender.send(
          message.withFile(new AttachedFile(path, file.kind(), file.file_name())), handoff);
    } catch (IOException | RuntimeException e) {
      return SendResult.transientFailure(
          "The file of this message could not be written for the browser: " + e.getMessage());
    } finally {
      if (dir != null) remove(dir);
    }
  }

  /** The name the recipient sees, reduced to what every file system takes. */
  private static String safeName(MediaView file) {
    String name = file.file_name() == null ? "" : file.file_name();
    name = name.replaceAll("[/\\\\\\x00-\\x1f]", "_").strip();
    if (name.isEmpty() || name.equals(".") || name.equals("..")) name = "file-" + file.id();
    return name.length() > 120 ? name.substring(name.length() - 120) : name;
  }

  private static void remove(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) Files.deleteIfExists(p);
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      log.warn(
          "Could not remove the sent file's directory {}: {}; delete it by hand",
          dir,
          e.getMessage());
    }
  }
}
