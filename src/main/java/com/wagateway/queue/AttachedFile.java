package com.wagateway.queue;

import java.nio.file.Path;

/**
 * A message's file, written where the browser can read it for the length of one send: {@code path}
 * (private to this process's user, removed after the send), {@code kind} ("image", "video",
 * "audio", "document"), the {@code fileName} the recipient sees.
 */
public record AttachedFile(Path path, String kind, String fileName) {}
