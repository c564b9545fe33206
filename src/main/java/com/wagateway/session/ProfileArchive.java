package com.wagateway.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The parts of a Chromium profile that hold a WhatsApp Web login, as one zip: the page keeps its
 * keys in IndexedDB and its token in local storage (whatsapp-web-facts.md, "Logged in or not"), as
 * whatsapp-web.js's {@code RemoteAuth} stores them. Caches, code caches, service worker scripts and
 * history are left out: the page fetches them again, and they are most of a profile's size.
 */
final class ProfileArchive {
  private static final String LOCAL_STORAGE = "Default/Local Storage";
  private static final String INDEXED_DB = "Default/IndexedDB";

  private final String originPrefix;

  /**
   * {@code webUrl}: WA_WHATSAPP_WEB_URL; Chromium names the origin's IndexedDB directory {@code
   * https_web.whatsapp.com_0.indexeddb.leveldb} (scheme, host, port or 0).
   */
  ProfileArchive(String webUrl) {
    URI uri = URI.create(webUrl);
    this.originPrefix =
        uri.getScheme() + "_" + uri.getHost() + "_" + Math.max(uri.getPort(), 0) + ".";
  }

  /** The login parts of {@code profile}, zipped; null when it holds none. */
  byte[] pack(Path profile) {
    List<Path> files = loginFiles(profile);
    if (files.isEmpty()) return null;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(Deflater.BEST_COMPRESSION);
      for (Path f : files) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException gone) {
          continue; // LevelDB compacted it away meanwhile; its content lives in a newer file.
        }
        zip.putNextEntry(new ZipEntry(profile.relativize(f).toString().replace('\\', '/')));
        zip.write(bytes);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Replaces the login parts of {@code profile} by those in {@code zip}; the browser is not
   * running.
   */
  void unpack(byte[] zipped, Path profile) {
    clear(profile);
    Path root = profile.toAbsolutePath().normalize();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipped))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        Path target = root.resolve(e.getName()).normalize();
        if (!target.startsWith(root.resolve("Default")) || e.isDirectory()) continue;
        Files.createDirectories(target.getParent());
        Files.write(target, zip.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the login from {@code profile}: the page shows a QR on its next start. */
  void clear(Path profile) {
    for (Path dir : loginDirs(profile)) deleteTree(dir);
  }

  private List<Path> loginDirs(Path profile) {
    List<Path> dirs = new ArrayList<>();
    Path local = profile.resolve(LOCAL_STORAGE);
    if (Files.isDirectory(local)) dirs.add(local);
    Path idb = profile.resolve(INDEXED_DB);
    if (Files.isDirectory(idb)) {
      try (DirectoryStream<Path> origins = Files.newDirectoryStream(idb)) {
        for (Path o : origins) if (o.getFileName().toString().startsWith(originPrefix)) dirs.add(o);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dirs;
  }

  private List<Path> loginFiles(Path profile) {
    List<Path> files = new ArrayList<>();
    for (Path dir : loginDirs(profile)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        // LOCK belongs to the running browser; a copy of it would only confuse the next one.
        walk.filter(Files::isRegularFile)
            .filter(f -> !f.getFileName().toString().equals("LOCK"))
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
