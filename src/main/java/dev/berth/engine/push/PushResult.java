package dev.berth.engine.push;

import java.util.List;

/** What was pushed: where, under which tags, its digest and size, and how many bytes had to be sent. */
public record PushResult(String repositoryUri, List<String> tags, String digest, long sizeBytes, long bytesSent,
                         boolean repositoryCreated, boolean unchanged) {
}
