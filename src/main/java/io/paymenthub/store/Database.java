package io.paymenthub.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.paymenthub.settings.InvalidSetting;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;

/** The connection pool to the store (H2 or PostgreSQL); the schema is brought up to date before first use. */
public final class Database extends ServiceSupport {

    /** How long the start waits for the store's first connection before it gives up (StoreUnreachable). */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final HikariDataSource pool;
    private final boolean sharable;
    private final String description;

    /** @throws InvalidSetting when {@code url} is an H2 URL that would lose acknowledged payments ({@link #durableUrl}) */
    public Database(String url, String user, String password, int poolSize, long connectionTimeoutMs) {
        this.sharable = sharable(url);
        this.description = describe(url);
        // before the pool exists: it starts connecting (in the background) as soon as it does
        createH2Directory(durableUrl(url), url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("payment-hub-store");
        config.setJdbcUrl(withPageCache(durableUrl(url)));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(connectionTimeoutMs);
        // a store that is down at start must not keep the runner from starting: health says DOWN instead
        config.setInitializationFailTimeout(-1);
        config.setExceptionOverrideClassName(BrokenConnectionEviction.class.getName());
        this.pool = new HikariDataSource(config);
    }

    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Whether other processes (other runner instances) can use this database at the same time: false only for an
     * embedded H2 file or in-memory database, which H2 opens for this process alone.
     */
    public boolean sharable() {
        return sharable;
    }

    static boolean sharable(String url) {
        String u = url.toLowerCase(java.util.Locale.ROOT);
        return !u.startsWith("jdbc:h2:") || u.startsWith("jdbc:h2:tcp:") || u.startsWith("jdbc:h2:ssl:")
                || u.replace(" ", "").contains("auto_server=true");
    }

    /**
     * {@code db.url} as the pool opens it: the same durability whatever the spelling. The default URL's two H2
     * settings are added to any embedded H2 URL that lacks them: {@code WRITE_DELAY=0} (H2 writes a commit to the file
     * before the commit returns; H2's default, 500 ms later, lets a killed runner lose payments it had already
     * acknowledged) and {@code DB_CLOSE_ON_EXIT=FALSE} (H2's own shutdown hook would close the database while
     * in-flight requests and the relay still finish; the pool closes it after them). An H2 server URL ({@code tcp:},
     * {@code ssl:}) and any other database's URL are returned as they are.
     *
     * @throws InvalidSetting for an in-memory H2 database (a restart loses everything) or an explicit
     *         {@code WRITE_DELAY} other than 0, naming the URL without its password
     */
    public static String durableUrl(String url) {
        String u = url.trim();
        String lower = u.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:")) {
            throw new InvalidSetting("Invalid setting db.url=" + describe(u)
                    + ": expected a JDBC URL, jdbc:postgresql://host:5432/db or jdbc:h2:file:./data/payment-hub");
        }
        if (!lower.startsWith("jdbc:h2:")) {
            return u;
        }
        String[] parts = u.split(";");
        String database = parts[0].substring("jdbc:h2:".length()).toLowerCase(Locale.ROOT);
        if (database.startsWith("mem:") || database.matches("(tcp|ssl)://[^/]*/mem:.*")) {
            throw new InvalidSetting("Invalid setting db.url=" + describe(u) + ": an in-memory H2 database loses every"
                    + " acknowledged payment when the runner stops; expected a file, e.g. jdbc:h2:file:./data/payment-hub,"
                    + " or PostgreSQL");
        }
        StringBuilder out = new StringBuilder(parts[0]);
        boolean writeDelay = false;
        boolean closeOnExit = false;
        for (int i = 1; i < parts.length; i++) {
            String setting = parts[i].trim();
            if (setting.isEmpty()) {
                continue;
            }
            int eq = setting.indexOf('=');
            String name = (eq < 0 ? setting : setting.substring(0, eq)).trim().toUpperCase(Locale.ROOT);
            String value = eq < 0 ? "" : setting.substring(eq + 1).trim();
            if (name.equals("WRITE_DELAY")) {
                if (!value.equals("0")) {
                    throw new InvalidSetting("Invalid setting db.url=" + describe(u) + ": WRITE_DELAY=" + value
                            + " lets H2 write a commit to the file after the runner acknowledged it, so a killed runner"
                            + " loses those payments; expected no WRITE_DELAY (the runner sets 0) or WRITE_DELAY=0");
                }
                writeDelay = true;
            }
            closeOnExit |= name.equals("DB_CLOSE_ON_EXIT");
            out.append(';').append(setting);
        }
        if (database.startsWith("tcp:") || database.startsWith("ssl:")) {
            // an H2 server holds the file, not this process: a killed runner loses nothing it committed there, and
            // a server user without admin rights may not set these (the server's own settings are its operator's)
            return out.toString();
        }
        if (!writeDelay) {
            out.append(";WRITE_DELAY=0");
        }
        if (!closeOnExit) {
            out.append(";DB_CLOSE_ON_EXIT=FALSE");
        }
        return out.toString();
    }

    /** H2's page cache for an embedded file that does not set its own, in KiB ({@link #withPageCache}). */
    static final int H2_CACHE_KIB = 4096;

    /**
     * An embedded H2 URL with {@code CACHE_SIZE=4096} (KiB) added when it sets none; any other URL as it is. H2's
     * default cache of 16 MiB holds the pages every commit writes for about a second while a long find or history
     * answer is stored: they outlive a young collection, are promoted, and die there, which made the collector run
     * twice as often and mark the old generation continually (a 200,000-credit history: GC 4.6-4.8 s against 1.8-2.5 s
     * with 4 MiB; bench/RESULTS.md). The smaller cache costs the webhook nothing measurable: H2 reads a page it no
     * longer holds from the operating system's file cache.
     */
    static String withPageCache(String url) {
        String lower = url.toLowerCase(Locale.ROOT).replace(" ", "");
        boolean embedded = lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:");
        if (!embedded || lower.contains(";cache_size=")) {
            return url;
        }
        return url + ";CACHE_SIZE=" + H2_CACHE_KIB;
    }

    /** The URL fit for a log line: any password in it (H2 {@code ;PASSWORD=}, PostgreSQL {@code password=}) masked. */
    public static String describe(String url) {
        return url.trim().replaceAll("(?i)(password=)[^;&]*", "$1xxxxxx").replaceAll("//[^/@]*:[^/@]*@", "//xxxxxx@");
    }

    /**
     * Applies pending Flyway migrations (db/migration on the classpath).
     *
     * @throws StoreUnreachable when the store cannot be reached (or refuses the user) at start
     */
    public void migrate() {
        awaitFirstConnection();
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    }

    /**
     * The first connection, waited for longer than a request waits (db.connection-timeout-ms): opening an H2 file
     * on a busy machine, or a database that is starting, may take longer than that.
     */
    private void awaitFirstConnection() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (Connection probe = pool.getConnection()) {
                return; // reached: whatever fails next is a migration's own failure, not the store's absence
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    pool.close(); // no more attempts in the background while the runner stops
                    throw new StoreUnreachable(description, e);
                }
            }
        }
    }


    /**
     * Whether the store answers, checked before anything else starts (the runner's own Kafka broker included), so
     * that an unreachable store is the one line the runner prints: one connection, opened and closed. An embedded
     * H2 file is not opened (that would cost a second open at start); only its directory is created.
     *
     * @throws StoreUnreachable naming the URL without its password, and the cause
     */
    public static void preflight(String url, String user, String password, Duration timeout) {
        String durable = durableUrl(url);
        if (durable.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:") && !sharable(durable)) {
            createH2Directory(durable, url);
            return;
        }
        DriverManager.setLoginTimeout((int) Math.max(1, timeout.toSeconds()));
        try (Connection probe = DriverManager.getConnection(durable, user, password)) {
            // reached
        } catch (SQLException e) {
            throw new StoreUnreachable(describe(url), e);
        }
    }

    /**
     * An embedded H2 file's directory, created here: when it cannot be, H2 would print its own stack trace while
     * failing to open its trace file there, and the operator should read one line instead.
     */
    private static void createH2Directory(String url, String shown) {
        if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:") || sharable(url)) {
            return;
        }
        String path = url.substring("jdbc:h2:".length()).split(";")[0];
        path = path.regionMatches(true, 0, "file:", 0, 5) ? path.substring(5) : path;
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        if (path.matches("[A-Za-z]{2,}:.*")) {
            return; // another H2 file system (nio:, split:, zip:...): H2's business
        }
        Path directory = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
        } catch (IOException | RuntimeException e) {
            throw new StoreUnreachable(describe(shown), "the directory " + directory + " cannot be created ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    protected void doStop() {
        pool.close();
    }
}
