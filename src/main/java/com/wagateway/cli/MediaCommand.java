package com.wagateway.cli;

import com.google.gson.JsonObject;
import com.wagateway.client.Client;
import com.wagateway.client.ClientService;
import com.wagateway.client.Quotas;
import com.wagateway.config.Config;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.PhoneNumbers;
import com.wagateway.http.JsonFields;
import com.wagateway.media.MediaLimits;
import com.wagateway.media.MediaService;
import com.wagateway.media.MediaView;
import com.wagateway.message.Idempotency;
import com.wagateway.message.MessageDraft;
import com.wagateway.message.MessageIntake;
import com.wagateway.message.MessageRequestReader;
import com.wagateway.message.MessageView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jooq.DSLContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Files from the command line, through the services {@code POST /media} and {@code POST /messages}
 * call: the same limits, type checks, quotas and number rules.
 */
@Command(
    name = "media",
    description = "Upload files and send them as messages, as a client.",
    subcommands = {MediaCommand.Upload.class, MediaCommand.Send.class})
final class MediaCommand {
  @ParentCommand Main main;

  /** Stores the file for the client, streamed from disk: the same bytes again give its media. */
  static MediaService.Uploaded upload(DSLContext db, Config config, Client client, Path file) {
    MediaService media = new MediaService(db, MediaLimits.from(config.media()));
    try (InputStream in = Files.newInputStream(file)) {
      return media.upload(
          client,
          sink -> {
            // No declared type: the service decides the type from the bytes.
            sink.start(null, file.getFileName().toString());
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) sink.write(buffer, 0, n);
          });
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("file", "no such file: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("Reading " + file, e);
    }
  }

  static String describe(MediaView m) {
    return String.format(
        "media %d: %s, %s, %s, %d bytes, sha256 %s",
        m.id(), m.file_name(), m.kind(), m.content_type(), m.size(), m.sha256());
  }

  @Command(name = "upload", description = "Store a file for a client and print its media id.")
  static final class Upload implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand MediaCommand parent;

    @Option(names = "--client", required = true, paramLabel = "NAME", description = "The client.")
    String client;

    @Parameters(paramLabel = "FILE", description = "The photo, video, audio file or document.")
    Path file;

    @Override
    public Integer call() {
      Config config = parent.main.config();
      return parent.main.withDatabase(
          spec,
          db -> {
            MediaService.Uploaded up = upload(db, config, new ClientService(db).get(client), file);
            return (up.created() ? "Stored " : "Already stored as ") + describe(up.media());
          });
    }
  }

  @Command(
      name = "send",
      description =
          "Queue a message with a file for a client (a file on disk, or a media already uploaded);"
              + " the service sends it.")
  static final class Send implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand MediaCommand parent;

    @Option(names = "--client", required = true, paramLabel = "NAME", description = "The client.")
    String client;

    @Option(names = "--phone", required = true, paramLabel = "PHONE", description = "E.164.")
    String phone;

    @Option(names = "--name", paramLabel = "NAME", description = "The contact's name.")
    String name;

    @Option(names = "--text", paramLabel = "TEXT", description = "The caption.")
    String text;

    @Option(names = "--as-document", description = "Send a photo or video as a file (a document).")
    boolean asDocument;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
      @Option(names = "--file", paramLabel = "FILE", description = "Upload this file first.")
      Path file;

      @Option(names = "--media-id", paramLabel = "ID", description = "A media already uploaded.")
      Long mediaId;
    }

    /** The message as {@code POST /messages} would read it; a refusal names its field. */
    private MessageDraft draft(MessageRequestReader requests, long mediaId) {
      JsonObject body = new JsonObject();
      body.addProperty("phone", phone);
      if (name != null) body.addProperty("name", name);
      if (text != null) body.addProperty("text", text);
      body.addProperty("media_id", mediaId);
      if (asDocument) body.addProperty("as_document", true);
      JsonFields fields = new JsonFields(body);
      MessageDraft draft = requests.read(fields, body);
      if (!fields.valid()) throw new InvalidInputException(fields.errors());
      return draft;
    }

    @Override
    public Integer call() {
      Config config = parent.main.config();
      return parent.main.withDatabase(
          spec,
          db -> {
            Client owner = new ClientService(db).get(client);
            MessageRequestReader requests =
                new MessageRequestReader(
                    new PhoneNumbers(config.messages().defaultRegion()),
                    config.messages().maxTextLength());
            // The fields are checked before a file is stored for them.
            draft(requests, which.mediaId == null ? 1 : which.mediaId);
            long mediaId =
                which.file != null
                    ? upload(db, config, owner, which.file).media().id()
                    : which.mediaId;
            MessageDraft draft = draft(requests, mediaId);
            MessageIntake intake =
                new MessageIntake(
                    db,
                    new Quotas(config.api().quotaPerMinute(), config.api().quotaPerDay()),
                    new Idempotency(db),
                    // No worker here: the serving instance finds the message on its next poll.
                    () -> {},
                    new MessageIntake.Settings(
                        config.intake().gather(),
                        config.intake().maxMessages(),
                        1,
                        config.database().connectionTimeout()));
            try {
              MessageView m = intake.sendAs(owner, draft);
              return "Queued message "
                  + m.id()
                  + " to "
                  + m.phone()
                  + " with media "
                  + m.media_id()
                  + " ("
                  + m.status()
                  + ")";
            } finally {
              intake.close();
            }
          });
    }
  }
}
