package io.paymenthub.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's clustered JDBC job store on the runner's own database and connection pool (cluster.enabled=true).
 * Every runner sharing the database (and camel.main.name, which names the scheduler) then takes each firing of
 * the singleton timers (Bancamiga pollers and token refresh, the PAGO46 tick, the Luka poller) in turn, never two
 * at once, and the survivors take over an instance that stops checking in. The tables come from the migrations
 * (V7). Off, Quartz keeps the timers in memory, which is right for a single runner.
 */
public final class ClusteredJobStore {

    /** Quartz threads: the six timers rarely fire together, and each thread may hold a pooled connection. */
    static final int THREADS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(ClusteredJobStore.class);

    private ClusteredJobStore() {
    }

    /**
     * Refuses a setup where a cluster cannot work: a database only this process opens (an embedded Kafka broker per
     * instance is refused by KafkaConfiguration). The message says what to change; the URL itself is never
     * repeated (it may carry a password).
     */
    public static void checkSettings(String dbUrl) {
        if (!dbUrl.startsWith("jdbc:postgresql:")) {
            String vendor = dbUrl.startsWith("jdbc:h2:") ? "an H2 database, which only this process opens"
                    : "not a PostgreSQL URL";
            throw new io.paymenthub.settings.InvalidSetting("cluster.enabled=true needs every instance on one PostgreSQL database, "
                    + "but db.url is " + vendor + ". Set db.url to jdbc:postgresql://…, or cluster.enabled=false "
                    + "for a single runner.");
        }
    }

    /** Points the quartz component at the clustered store before any route schedules a timer. */
    public static void install(CamelContext context, Database database, String instanceId,
                               long checkinIntervalMs, long misfireThresholdMs) {
        // one name per CamelContext: Quartz's connection managers are global to the JVM
        String dataSource = "payment-hub-store-" + context.getName();
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, new PoolConnections(database.dataSource()));
        QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
        quartz.setProperties(Map.ofEntries(
                Map.entry("org.quartz.scheduler.instanceId", instanceId),
                Map.entry("org.quartz.threadPool.threadCount", Integer.toString(THREADS)),
                Map.entry("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX"),
                Map.entry("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"),
                Map.entry("org.quartz.jobStore.dataSource", dataSource),
                Map.entry("org.quartz.jobStore.tablePrefix", "QRTZ_"),
                // job data kept as strings, never as serialized Java objects in the database
                Map.entry("org.quartz.jobStore.useProperties", "true"),
                Map.entry("org.quartz.jobStore.isClustered", "true"),
                Map.entry("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinIntervalMs)),
                Map.entry("org.quartz.jobStore.misfireThreshold", Long.toString(misfireThresholdMs))));
        LOG.info("Quartz timers in the clustered job store on the database (check-in every {} ms): each firing runs "
                + "on one of the instances named {}", checkinIntervalMs, context.getName());
    }

    /** The runner's HikariCP pool lent to Quartz; the pool belongs to the runner and closes with it, not with Quartz. */
    private record PoolConnections(DataSource pool) implements ConnectionProvider {

        @Override
        public Connection getConnection() throws SQLException {
            return pool.getConnection();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public void initialize() {
        }
    }
}
