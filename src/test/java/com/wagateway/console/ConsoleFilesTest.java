package com.wagateway.console;

import static com.wagateway.db.schema.Tables.MEDIA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.client.ClientService;
import com.wagateway.operator.OperatorService;
import com.wagateway.support.Api;
import com.wagateway.support.MediaFiles;
import com.wagateway.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Files through the console, over plain HTTP as a browser posts the send page's file form: stored
 * as {@code POST /media} stores them, sent as a message with {@code media_id} is, shown on the
 * message's page (a picture in the page, other files to save) to signed-in operators only.
 */
class ConsoleFilesTest {
  private static final String PASSWORD = "a long operator password";
  private static final String BOUNDARY = "----console-file-form-7MA4YWxkTrZu0gW";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static TestServer server;
  private static Api api;
  private static String session;
  private static String csrf;
  private static String key;

  @BeforeAll
  static void start() {
    server = TestServer.start(ConsoleFilesTest.class, Map.of());
    api = server.api();
    new OperatorService(server.db().dsl()).create("files-operator", PASSWORD);
    key = new ClientService(server.db().dsl()).create("files-shop", null).apiKey();
    Api.Response form = api.get("/console/sign-in").send();
    Api.Response signedIn =
        api.post("/console/sign-in")
            .cookie("wa_console_sign_in", form.setCookie("wa_console_sign_in"))
            .form("_csrf", csrf(form.body()), "name", "files-operator", "password", PASSWORD)
            .send();
    assertEquals(303, signedIn.status(), signedIn.body());
    session = signedIn.setCookie(Guard.SESSION_COOKIE);
    Api.Response page = api.get("/console/send").cookie(Guard.SESSION_COOKIE, session).send();
    assertEquals(200, page.status(), page.body());
    csrf = csrf(page.body());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertTrue(m.find(), "the page has a CSRF field");
    return m.group(1);
  }

  /** The file form as a browser sends it: the fields in page order, the file last. */
  private static byte[] form(
      String token,
      String phone,
      String caption,
      boolean asDocument,
      String fileName,
      String type,
      byte[] file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, "_csrf", token);
    field(out, "client", "files-shop");
    field(out, "phone", phone);
    field(out, "name", "");
    field(out, "text", caption);
    if (asDocument) field(out, "as_document", "true");
    write(
        out,
        "--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: "
            + type
            + "\r\n\r\n");
    out.writeBytes(file);
    write(out, "\r\n--" + BOUNDARY + "--\r\n");
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, String name, String value) {
    write(
        out,
        "--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"\r\n\r\n"
            + value
            + "\r\n");
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Api.Response post(byte[] body) {
    return api.post("/console/send-file")
        .cookie(Guard.SESSION_COOKIE, session)
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .body(body)
        .send();
  }

  /** Posts the form and follows to the message's page: the message's id. */
  private static long sendFile(
      String phone, String caption, boolean asDocument, String name, String type, byte[] file) {
    Api.Response r = post(form(csrf, phone, caption, asDocument, name, type, file));
    assertEquals(303, r.status(), r.body());
    String location = r.header("Location");
    assertTrue(location.startsWith("/console/messages/"), location);
    return Long.parseLong(location.substring("/console/messages/".length()));
  }

  private static int mediaStored() {
    return server.db().dsl().fetchCount(MEDIA);
  }

  @Test
  void aFileFromTheSendPageIsStoredAndQueuedAsTheApiWouldWithItsCaption() {
    byte[] photo = MediaFiles.png(40_000, 61);
    long id =
        sendFile("+972507770001", "Today's shelf 👋🏽", true, "shelf.png", "image/png", photo);
    JsonObject message = api.get("/messages/" + id).key(key).send().json();
    assertEquals("Today's shelf 👋🏽", message.get("text").getAsString());
    assertTrue(message.get("as_document").getAsBoolean());
    long media = message.get("media_id").getAsLong();
    Api.Response content = api.get("/media/" + media + "/content").key(key).send();
    assertArrayEquals(photo, content.bytes(), "the bytes the client's API sees");
  }

  @Test
  void theMessagePageShowsAPictureServedOnlyToSignedInOperators() {
    byte[] photo = MediaFiles.jpeg(30_000, 62);
    long id = sendFile("+972507770002", "", false, "menu.jpg", "image/jpeg", photo);
    Api.Response page =
        api.get("/console/messages/" + id).cookie(Guard.SESSION_COOKIE, session).send();
    assertEquals(200, page.status());
    String link = "/console/messages/" + id + "/file";
    assertTrue(
        page.body().contains("<img class=\"file-preview\" src=\"" + link + "\""), page.body());
    Api.Response file = api.get(link).cookie(Guard.SESSION_COOKIE, session).send();
    assertEquals(200, file.status());
    assertEquals("image/jpeg", file.header("Content-Type"));
    assertArrayEquals(photo, file.bytes());
    Api.Response stranger = api.get(link).send();
    assertEquals(303, stranger.status(), "to the sign-in page");
    assertFalse(new String(stranger.bytes(), StandardCharsets.ISO_8859_1).contains("JFIF"));
  }

  @Test
  void aDocumentIsOfferedToSaveNotShownInThePage() {
    byte[] pdf = MediaFiles.pdf(20_000, 63);
    long id =
        sendFile("+972507770003", "the invoice", false, "invoice.pdf", "application/pdf", pdf);
    Api.Response page =
        api.get("/console/messages/" + id).cookie(Guard.SESSION_COOKIE, session).send();
    String link = "/console/messages/" + id + "/file";
    assertTrue(page.body().contains("href=\"" + link + "\" download=\"invoice.pdf\""), page.body());
    assertFalse(page.body().contains("<img class=\"file-preview\""), "no preview of a PDF");
    Api.Response file = api.get(link).cookie(Guard.SESSION_COOKIE, session).send();
    assertEquals(200, file.status());
    assertTrue(file.header("Content-Disposition").startsWith("attachment"));
    assertArrayEquals(pdf, file.bytes());
  }

  @Test
  void aFileFormWithoutTheSessionsTokenIsRefusedAndStoresNothing() {
    int before = mediaStored();
    Api.Response r =
        post(
            form(
                "forged",
                "+972507770004",
                "",
                false,
                "x.png",
                "image/png",
                MediaFiles.png(5_000, 64)));
    assertEquals(403, r.status());
    assertEquals(before, mediaStored(), "no media stored");
  }

  @Test
  void aMessageRefusedAfterTheUploadShowsTheFieldAndLeavesNoMediaBehind() {
    int before = mediaStored();
    Api.Response r =
        post(form(csrf, "12", "hi", false, "y.png", "image/png", MediaFiles.png(5_000, 65)));
    assertEquals(400, r.status());
    assertTrue(r.body().contains("id=\"phone-error\""), r.body());
    assertEquals(before, mediaStored(), "the file stored for it was removed");
  }

  @Test
  void aFormWithoutAFileSaysSo() {
    Api.Response r =
        post(form(csrf, "+972507770005", "hi", false, "", "application/octet-stream", new byte[0]));
    assertEquals(400, r.status());
    assertTrue(r.body().contains("choose the file to send"), r.body());
  }

  @Test
  void theSendPageOffersTheFileForm() {
    Api.Response page = api.get("/console/send").cookie(Guard.SESSION_COOKIE, session).send();
    String html = page.body();
    assertTrue(
        html.contains("action=\"/console/send-file\" enctype=\"multipart/form-data\""), html);
    assertTrue(html.contains("type=\"file\" id=\"file\" name=\"file\""), html);
    assertTrue(html.contains("name=\"as_document\""), html);
    assertNotNull(csrf(html));
  }
}
