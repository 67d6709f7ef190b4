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

    public Database(String url, String user, String password, int poolSize, long connectionTimeoutMs) {
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

    /** Applies pending Flyway migrations (db/migration on the classpath). */
    public void migrate() {
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    }

    @Override
    protected void doStop() {
        pool.close();
    }
}
