package io.paymenthub.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * No secret reaches a log line, checked after every test class whatever the order the classes run in: the lines the
 * suite's JVM wrote to target/test-logs/tests.log since its first test class started are searched for every secret in
 * {@link Secrets}, a secret remembered late included (it is looked for in the lines already searched too). Registered
 * for every class (src/test/resources/META-INF/services, junit-platform.properties); a class after which a secret is
 * found fails, naming the line with the secret masked. Each line is reported once.
 */
public final class SecretsNotLogged implements BeforeAllCallback, AfterAllCallback {

    /** The file every test JVM appends its log to (log4j2-test.properties). */
    public static final Path LOG = Path.of("target", "test-logs", "tests.log");

    private static final int BLOCK = 1 << 20;

    /** Where this JVM's lines start in the file (earlier ones were checked by the JVM that wrote them); -1 until known. */
    private static long start = -1;
    /** Every known secret has been looked for in [start, searched). */
    private static long searched;
    private static final Set<String> lookedFor = new HashSet<>();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        begin();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        List<String> found = findings();
        if (!found.isEmpty()) {
            throw new AssertionError("A secret reached the log (" + LOG + "):\n" + String.join("\n", found));
        }
    }

    private static synchronized void begin() throws IOException {
        if (start < 0) {
            start = size();
            searched = start;
        }
    }

    /**
     * The log lines written since the last search (and, for a secret remembered since, since this JVM's first class)
     * that contain a secret, each with the secret masked and named by its first 8 characters; empty when none.
     */
    public static synchronized List<String> findings() throws IOException {
        begin();
        Set<String> secrets = Secrets.all();
        Set<String> fresh = new HashSet<>(secrets);
        fresh.removeAll(lookedFor);
        List<String> found = new ArrayList<>();
        if (!fresh.isEmpty()) {
            search(start, searched, fresh, found);
        }
        searched = search(searched, size(), secrets, found);
        lookedFor.addAll(fresh);
        return found;
    }

    private static long size() throws IOException {
        try {
            return Files.size(LOG);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** Searches the complete lines in [from, to) for the secrets; answers where the last complete line ends. */
    private static long search(long from, long to, Set<String> secrets, List<String> found) throws IOException {
        if (from >= to || secrets.isEmpty()) {
            return from;
        }
        long lineStart = from;
        try (FileChannel file = FileChannel.open(LOG, StandardOpenOption.READ)) {
            ByteBuffer block = ByteBuffer.allocate(BLOCK);
            byte[] pending = new byte[0];
            long position = from;
            while (position < to) {
                block.clear().limit((int) Math.min(BLOCK, to - position));
                int read = file.read(block, position);
                if (read <= 0) {
                    break;
                }
                byte[] bytes = new byte[pending.length + read];
                System.arraycopy(pending, 0, bytes, 0, pending.length);
                System.arraycopy(block.array(), 0, bytes, pending.length, read);
                int begin = 0;
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] == '\n') {
                        check(new String(bytes, begin, i - begin, StandardCharsets.UTF_8), secrets, found);
                        lineStart += i + 1 - begin;
                        begin = i + 1;
                    }
                }
                pending = java.util.Arrays.copyOfRange(bytes, begin, bytes.length);
                position += read;
            }
        }
        return lineStart;
    }

    private static void check(String line, Set<String> secrets, List<String> found) {
        for (String secret : secrets) {
            if (line.contains(secret)) {
                String masked = line;
                for (String s : secrets) {
                    masked = masked.replace(s, "***");
                }
                found.add("a log line contains the secret " + secret.substring(0, Math.min(8, secret.length())) + "…: " + masked);
            }
        }
    }
}
