package io.paymenthub.http;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paymenthub.bancamiga.BancamigaWebhookParser;
import io.paymenthub.bancamiga.BankDirectory;
import io.paymenthub.events.Json;
import io.paymenthub.partner.PartnerError;
import io.paymenthub.partner.PartnerError.Kind;
import io.paymenthub.store.Database;
import io.paymenthub.store.RejectedMessages;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failure-to-status table of routes/error-handling.camel.yaml, read with the real file and the real responder:
 * a route throws one failure, the test reads the status and the JSON body the caller would get.
 */
class HttpErrorResponderTest {

    private static final String THROW = "failureToThrow";

    private DefaultCamelContext context;
    private Database database;
    private RejectedMessages rejected;

    @BeforeEach
    void start() throws Exception {
        database = new Database("jdbc:h2:file:./target/test-data/errors-" + UUID.randomUUID(), "sa", "", 2, 5000);
        database.migrate();
        rejected = new RejectedMessages(database, 65536);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        context = new DefaultCamelContext();
        context.getRegistry().bind("httpErrorResponder", new HttpErrorResponder(rejected, new WebhookMetrics(meters)));
        context.getRegistry().bind("bancamigaWebhookParser", new BancamigaWebhookParser(BankDirectory.venezuela(), meters));
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveMandatoryResource(context, "file:routes/error-handling.camel.yaml"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:http").routeId("http-route").routeConfigurationId("http-errors")
                        .process(e -> { throw e.getProperty(THROW, Exception.class); });
                from("direct:bamboo").routeId("bamboo-route").routeConfigurationId("bamboo-api-errors,http-errors")
                        .process(e -> { throw e.getProperty(THROW, Exception.class); });
                from("direct:bancamiga").routeId("bancamiga-route").routeConfigurationId("http-errors")
                        .setProperty(HttpErrorResponder.ERROR_BODY, constant("bancamigaWebhookParser"))
                        .process(e -> { throw e.getProperty(THROW, Exception.class); });
            }
        });
        context.start();
    }

    @AfterEach
    void stop() throws Exception {
        context.stop();
        database.close();
    }

    @Test
    void aRefusalOfTheRouteKeepsItsOwnStatusAndFieldErrorsAndTheAuthenticatedBodyIsKept() throws Exception {
        Exchange done = send("direct:http", HttpProblem.badRequest("The body is not a payment",
                List.of(new FieldError("Refpk", "is missing"))));

        assertEquals(400, status(done));
        JsonNode body = body(done);
        assertEquals("The body is not a payment", body.path("message").asText());
        assertEquals("Refpk", body.path("errors").path(0).path("field").asText());
        assertEquals(1, rejected.list("http-route", 10, null).size(), "kept for inspection and replay");
    }

    @Test
    void anUnauthenticatedCallerGets401AndNothingIsKept() throws Exception {
        Exchange done = send("direct:http", HttpProblem.unauthorized("Invalid bearer token"));

        assertEquals(401, status(done));
        assertEquals("{\"message\":\"Invalid bearer token\"}", done.getMessage().getBody(String.class));
        assertTrue(rejected.list("http-route", 10, null).isEmpty());
    }

    @Test
    void theStoreOutOfReachIs503EvenWhenItsCauseIsANetworkFailure() throws Exception {
        for (Exception storeDown : List.of(new SQLException("Connection is not available"),
                new SQLException("Connection refused", new ConnectException("Connection refused")),
                new RuntimeCamelException(new SQLException("closed")))) {
            Exchange done = send("direct:http", storeDown);

            assertEquals(503, status(done), storeDown.toString());
            assertEquals("The payment store is unavailable; nothing was stored. Please retry later.",
                    body(done).path("message").asText());
        }
    }

    @Test
    void aPartnerThatCannotBeAskedIs503WithTheReasonInWordsNeverAClassOrHost() throws Exception {
        Exchange refused = send("direct:http", new PartnerError("Bancamiga", Kind.REFUSED, 551, "Bancamiga answered code 551"));
        assertEquals(503, status(refused));
        assertEquals("The partner could not be asked right now (Bancamiga answered code 551). Please retry later.",
                body(refused).path("message").asText());

        Exchange unreachable = send("direct:http", new ConnectException("Connection refused: bank.example:443"));
        assertEquals(503, status(unreachable));
        assertEquals("The partner could not be asked right now (its host refused the connection). Please retry later.",
                body(unreachable).path("message").asText());

        Exchange paused = send("direct:http", CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("x")));
        assertEquals(503, status(paused));
        assertTrue(body(paused).path("message").asText().contains("calls to it are paused after repeated failures"));
    }

    @Test
    void anAnswerLostAfterTheRequestWentOutCarriesTheRoutesHint() throws Exception {
        Exchange done = context.createProducerTemplate().send("direct:http", e -> {
            e.setProperty(THROW, new SocketTimeoutException("Read timed out"));
            e.setProperty(HttpErrorResponder.IF_ANSWER_LOST, "the purchase may exist at Bamboo");
        });

        assertEquals(503, status(done));
        assertEquals("The partner did not answer in time: the purchase may exist at Bamboo", body(done).path("message").asText());
    }

    @Test
    void anythingElseIs500WithoutItsClassOrMessage() throws Exception {
        Exchange done = send("direct:http", new IllegalStateException("secret-looking detail"));

        assertEquals(500, status(done));
        assertEquals("{\"message\":\"Internal error; nothing was acknowledged. Please retry later.\"}",
                done.getMessage().getBody(String.class));
    }

    @Test
    void bambooRefusingWhatWasSentIs400AndKeptItsOtherFailuresAre502AndNoAnswerIs503() throws Exception {
        Exchange refused = send("direct:bamboo", new PartnerError("Bamboo", Kind.REFUSED, 422, "Bamboo refused the request (HTTP 422): TR001"));
        assertEquals(400, status(refused));
        assertEquals("Bamboo refused the request (HTTP 422): TR001", body(refused).path("message").asText());
        assertEquals(1, rejected.list("bamboo-route", 10, null).size());

        for (Kind kind : List.of(Kind.UNAUTHORIZED, Kind.UNAVAILABLE, Kind.UNEXPECTED)) {
            Exchange failed = send("direct:bamboo", new PartnerError("Bamboo", kind, 500, "Bamboo failed (HTTP 500): boom"));
            assertEquals(502, status(failed), kind.name());
            assertEquals("Bamboo failed (HTTP 500): boom", body(failed).path("message").asText());
        }
        assertEquals(1, rejected.list("bamboo-route", 10, null).size(), "only the refusal of the caller's input is kept");

        assertEquals(503, status(send("direct:bamboo", new ConnectException("Connection refused"))));
        assertEquals(503, status(send("direct:bamboo", new SQLException("down"))));
        assertEquals(400, status(send("direct:bamboo", HttpProblem.badRequest("invalid", List.of()))));
    }

    @Test
    void aRouteShapesItsOwnErrorBody() throws Exception {
        Exchange done = context.createProducerTemplate().send("direct:bancamiga", e -> {
            e.setProperty(THROW, HttpProblem.unauthorized("Invalid bearer token"));
            e.setProperty(BancamigaWebhookParser.REFPK_PROPERTY, "202505080172584240000000018219");
        });

        assertEquals(401, status(done));
        assertEquals("{\"Code\":401,\"Refpk\":\"202505080172584240000000018219\",\"message\":\"Invalid bearer token\"}",
                done.getMessage().getBody(String.class));
        assertEquals("application/json", done.getMessage().getHeader(Exchange.CONTENT_TYPE));
        assertFalse(done.isFailed(), "handled: the caller gets the answer, not the exception");
    }

    private Exchange send(String uri, Exception failure) {
        return context.createProducerTemplate().send(uri, e -> e.setProperty(THROW, failure));
    }

    private static int status(Exchange done) {
        return done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    }

    private static JsonNode body(Exchange done) throws Exception {
        return Json.MAPPER.readTree(done.getMessage().getBody(String.class));
    }
}
