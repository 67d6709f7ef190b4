package io.paymenthub.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;

/** The connection pool to the store (H2 or PostgreSQL); the schema is brought up to date before first use. */
public final class Database extends ServiceSupport {

    private final HikariDataSource pool;
    private final boolean sharable;

    public Database(String url, String user, String password, int poolSize, long connectionTimeoutMs) {
        this.sharable = sharable(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("payment-hub-store");
        config.setJdbcUrl(url);
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

    /** Applies pending Flyway migrations (db/migration on the classpath). */
    public void migrate() {
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    }

    @Override
    protected void doStop() {
        pool.close();
    }
}
