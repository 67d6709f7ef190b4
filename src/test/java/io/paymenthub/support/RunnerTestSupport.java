package io.paymenthub.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the real runner in the test JVM: the top-level application.properties, the YAML routes under
 * routes/, the same configuration class as {@code PaymentHub}. Only what must differ
 * per test class is overridden: ports, a fresh H2 file database, a topic of its own on the shared real
 * Kafka broker, and the secrets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RunnerTestSupport extends CamelMainTestSupport {

    public static final String WEBHOOK_TOKEN = "test-bancamiga-webhook-token-5c9e1a";
    public static final String DB_PASSWORD = "test-db-password-0d7b42";
    /** The merchant API key of the tests (id {@code tests}), and a second one (id {@code key-2}) as during a rotation. */
    public static final String API_KEY = "test-merchant-api-key-3f9c27";
    public static final String NEXT_API_KEY = "test-merchant-api-key-next-81d0e4";
    /** The Authorization header of a merchant API call. */
    public static final String API_AUTHORIZATION = "Bearer " + API_KEY;
    public static final String OPS_USER = "ops-tester";
    public static final String OPS_PASSWORD = "test-ops-password-7f3a19";

    // Set from configureContext(), which CamelTestSupport's constructor calls before this class's
    // field initializers would run: these fields must stay without initializers.
    protected int httpPort;
    protected int managementPort;
    protected int embeddedKafkaPort;
    protected String topic;
    protected String dbUrl;
    protected String dbUser;
    protected String dbPassword;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private TopicReader reader;

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        httpPort = FreePorts.next();
        managementPort = FreePorts.next();
        embeddedKafkaPort = FreePorts.next();
        String name = getClass().getSimpleName().toLowerCase();
        topic = "payments.events." + name;
        if (onPostgres()) {
            dbUrl = PostgresTestSupport.freshSchemaUrl(name);
            dbUser = PostgresTestSupport.USER;
            dbPassword = PostgresTestSupport.PASSWORD;
        } else {
            dbUrl = "jdbc:h2:file:./target/test-data/" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
            dbUser = "sa";
            dbPassword = DB_PASSWORD;
        }
        Properties p = new Properties();
        // a context name per class: each test context gets a Quartz scheduler of its own (Quartz keys them by name)
        p.put("camel.main.name", "payment-hub-" + name);
        p.put("camel.server.port", Integer.toString(httpPort));
        p.put("camel.management.port", Integer.toString(managementPort));
        p.put("kafka.brokers", KafkaTestBroker.shared().bootstrapServers());
        p.put("kafka.embedded.port", Integer.toString(embeddedKafkaPort));
        p.put("kafka.topic", topic);
        p.put("db.url", dbUrl);
        p.put("db.user", dbUser);
        p.put("db.password", dbPassword);
        p.put("bancamiga.webhook.token", WEBHOOK_TOKEN);
        p.put("api.keys", "tests:" + API_KEY + "," + NEXT_API_KEY);
        p.put("ops.username", OPS_USER);
        p.put("ops.password", OPS_PASSWORD);
        p.putAll(extraProperties());
        configuration.withUseOverridePropertiesWithPropertiesComponent(p);
    }

    /**
     * True runs this class on a fresh schema of the local PostgreSQL (skipped where it is not reachable, failing
     * under .ci/run) instead of a fresh H2 file. Called from the constructor: return a constant.
     */
    protected boolean onPostgres() {
        return false;
    }

    /** Settings a test class needs beyond the defaults. */
    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        io.paymenthub.PaymentHub.newConfigurations().forEach(configuration::addConfiguration);
    }

    @AfterAll
    void closeReader() {
        if (reader != null) {
            reader.close();
        }
    }

    /**
     * Stops this class's runner once its tests are done: Camel 4.18's per-class context manager never stops it (its
     * {@code stop()} is empty), so every test class left its routes, timers, HTTP servers, Kafka producer and store
     * pool running until the JVM ended (44 runners and 1,600 threads by the end of a run).
     */
    @AfterAll
    void stopRunner() {
        context().stop();
    }

    /** A consumer of this class's topic, reading from the beginning. */
    protected synchronized TopicReader events() {
        if (reader == null) {
            reader = new TopicReader(KafkaTestBroker.shared().bootstrapServers(), topic);
        }
        return reader;
    }

    /** The business port, every exchange checked against the OpenAPI document. */
    protected BusinessPort business() {
        return new BusinessPort(httpPort);
    }

    /** A POST to the business port (checked against the OpenAPI document); null content type or authorization: not sent. */
    protected HttpResponse<String> post(String path, String contentType, String authorization, byte[] body) throws Exception {
        return business().post(path, body, "Content-Type", contentType, "Authorization", authorization);
    }

    /** A merchant API call with the tests' key. */
    protected HttpResponse<String> postApi(String path, String json) throws Exception {
        return post(path, "application/json", API_AUTHORIZATION, json.getBytes(StandardCharsets.UTF_8));
    }

    protected HttpResponse<String> postWebhook(String json) throws Exception {
        return post("/webhooks/bancamiga", "application/json", "Bearer " + WEBHOOK_TOKEN, json.getBytes(StandardCharsets.UTF_8));
    }

    /** An operator request to the management port's /ops/{@code path}, with the suite's HTTP Basic credentials. */
    protected HttpResponse<String> ops(String method, String path, String jsonBody) throws Exception {
        return opsAs(OPS_USER, OPS_PASSWORD, method, path, jsonBody);
    }

    protected HttpResponse<String> opsAs(String user, String password, String method, String path, String jsonBody) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/ops/" + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A GET; on the business port checked against the OpenAPI document. */
    protected HttpResponse<String> get(int port, String path) throws Exception {
        if (port == httpPort) {
            return business().get(path);
        }
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A single number read straight from the store with plain JDBC (not through the runner's code). */
    protected long count(String sql, Object... args) throws SQLException {
        return query(sql, args, rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    /** The first column of the first row as UTF-8 text (works for TEXT and BYTEA columns), or null. */
    protected String text(String sql, Object... args) throws SQLException {
        return query(sql, args, rs -> rs.next() ? new String(rs.getBytes(1), StandardCharsets.UTF_8) : null);
    }

    /**
     * Puts a refused body in rejected_message with plain JDBC, as the runner keeps one (what an earlier version, or
     * another refusal, left there); returns its id.
     */
    protected long keepRejected(String endpoint, int status, String reason, String contentType, String body) throws SQLException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Connection c = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
             PreparedStatement insert = c.prepareStatement("INSERT INTO rejected_message (endpoint, status, reason, content_type,"
                     + " body, body_size, body_truncated) VALUES (?, ?, ?, ?, ?, ?, FALSE)", java.sql.Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, endpoint);
            insert.setInt(2, status);
            insert.setString(3, reason);
            insert.setString(4, contentType);
            insert.setBytes(5, bytes);
            insert.setLong(6, bytes.length);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private interface ResultReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, Object[] args, ResultReader<T> reader) throws SQLException {
        try (Connection c = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return reader.read(rs);
            }
        }
    }
}
