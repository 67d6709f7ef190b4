package io.paymenthub.reconciliation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.sandbox.BambooSimulator;
import io.paymenthub.sandbox.BancamigaSimulator;
import io.paymenthub.sandbox.Pago46Simulator;
import io.paymenthub.support.EventSchema;
import io.paymenthub.support.MovableClock;
import io.paymenthub.support.Pago46TestSupport;
import io.paymenthub.support.Secrets;
import io.paymenthub.support.TopicReader.Event;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulated day on the real routes, with the Bancamiga, PAGO46 and Bamboo simulators: credits first seen by the
 * webhook, credits only history lists, one phantom webhook, one parked PAGO46 batch and a Bamboo payment. The day
 * closes after the first complete history sweep past Venezuelan midnight (the clock is the test's), the report and its
 * event state exactly those figures, the metrics agree, and a re-close makes a new version. The other tests close days
 * of their own, so the tests run in any order.
 */
public class ReconciliationDayTest extends Pago46TestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BAMBOO_KEY = "test-bamboo-private-key-7e21c4";
    private static final String BAMBOO_SECRET = "test-bamboo-webhook-secret-a90b13";
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The simulated day: today in Venezuela. */
    private static final LocalDate DAY = LocalDate.now(ReconciliationDays.VENEZUELA);
    /** The day without credits, closed by hand. */
    private static final LocalDate QUIET_DAY = DAY.minusDays(3);
    /** The day whose sweep finished but whose report was never written (as after a restart). */
    private static final LocalDate UNREPORTED_DAY = DAY.minusDays(2);

    // started from configureContext(), which runs before field initializers: created on first use, one set per class
    private BancamigaSimulator bank;
    private String[] pair;
    private Pago46Simulator pago46;
    private MovableClock clock;
    private BambooSimulator bamboo;

    private synchronized BancamigaSimulator bank() {
        if (bank == null) {
            bank = new BancamigaSimulator().historyMinInterval(Duration.ofMillis(1)).started();
            pair = bank.issueInitialPair();
        }
        return bank;
    }

    /** Expects another secret than the runner signs with, so the first batch is parked (400 WRONG HASH). */
    private synchronized Pago46Simulator pago46() {
        if (pago46 == null) {
            pago46 = new Pago46Simulator(0, PAGO46_KEY, PAGO46_SECRET + "-rotated", "core", java.util.Set.of(PAGO46_CURRENCY));
            pago46.start();
        }
        return pago46;
    }

    private synchronized MovableClock clock() {
        if (clock == null) {
            clock = new MovableClock();
        }
        return clock;
    }

    private synchronized BambooSimulator bamboo() {
        if (bamboo == null) {
            bamboo = new BambooSimulator(0, BAMBOO_KEY, BAMBOO_SECRET);
            bamboo.start();
        }
        return bamboo;
    }

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        registry.bind("clock", clock());
    }

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = pago46Settings(pago46());
        p.put("pago46.signature.scheme", "core");
        p.put("pago46.batch.size", "3");
        p.put("pago46.batch.max-wait", "1s");
        p.put("bancamiga.base-url", bank().baseUrl());
        p.put("bancamiga.access-token", pair[0]);
        p.put("bancamiga.refresh-token", pair[1]);
        p.put("bancamiga.find.watch", "584240000099:0172");
        // the sweeps are driven by the test (direct:bancamiga-history), not by the timers
        p.put("bancamiga.find.cron", "0 0 0 1 1 ? 2099");
        p.put("bancamiga.history.cron", "0 0 0 1 1 ? 2099");
        p.put("bancamiga.token.refresh.cron", "0 0 0 1 1 ? 2099");
        p.put("bancamiga.token.check.cron", "0 0 0 1 1 ? 2099");
        p.put("bamboo.base-url", bamboo().baseUrl());
        p.put("bamboo.private-key", BAMBOO_KEY);
        p.put("bamboo.webhook.secret", BAMBOO_SECRET);
        p.put("bamboo.notify-url", "http://127.0.0.1:" + httpPort + "/webhooks/bamboo");
        p.put("bamboo.amount.scales", "COP:2,USD:2,CLP:0");
        p.put("reconciliation.check-interval", "500ms");
        return p;
    }

    @AfterAll
    void stopSimulators() {
        Secrets.remember(bank().issuedTokens().toArray(String[]::new));
        Secrets.remember(BAMBOO_KEY, BAMBOO_SECRET);
        bank().stop();
        pago46().stop();
        bamboo().stop();
    }

    @Test
    void theDayClosesAfterTheFirstSweepPastMidnightTheReportEventAndMetricsStateWhatHappenedAndAReCloseAddsAVersion() throws Exception {
        OffsetDateTime morning = OffsetDateTime.now(BancamigaSimulator.VENEZUELA).minusMinutes(30);
        // three credits announced by the webhook while PAGO46 refuses our signature: one parked batch of 3
        List<ObjectNode> parked = List.of(bank().receive("584240000001", "0172", "10.00", morning),
                bank().receive("584240000002", "0172", "20.00", morning), bank().receive("584240000003", "0172", "30.00", morning));
        for (ObjectNode item : parked) {
            assertEquals(200, postWebhook(BancamigaSimulator.webhookBody(item)).statusCode());
        }
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM pago46_registration WHERE status = 'PARKED'") == 3);
        pago46().expectSecret(PAGO46_SECRET);
        // one more credit by webhook, two the webhook never announced, one webhook the bank never credited
        ObjectNode announced = bank().receive("584240000004", "0172", "40.00", morning.plusMinutes(1));
        assertEquals(200, postWebhook(BancamigaSimulator.webhookBody(announced)).statusCode());
        bank().receive("584240000005", "0172", "5.50", morning.plusMinutes(2));
        bank().receive("584240000006", "0172", "4.50", morning.plusMinutes(3));
        ObjectNode phantom = announced.deepCopy();
        String reference = "999000" + String.format("%06d", System.nanoTime() % 1_000_000);
        phantom.put("NroReferencia", reference);
        phantom.put("PhoneOrig", "584240000007");
        phantom.put("Amount", new java.math.BigDecimal("99.99"));
        phantom.put("Refpk", DAY.toString().replace("-", "") + "0172" + "584240000007" + reference);
        assertEquals(200, postWebhook(BancamigaSimulator.webhookBody(phantom)).statusCode());
        // and a Bamboo purchase paid (no PAGO46 registration, no history: no phantoms can be told for it)
        String purchase = Long.toString(System.currentTimeMillis() % 1_000_000_000L);
        assertEquals(200, bamboo().post("http://127.0.0.1:" + httpPort + "/webhooks/bamboo",
                bambooApproved(purchase, 500000).toString(), java.time.Instant.now()));

        // a complete sweep of the day just before midnight: stores the two missed credits, closes nothing
        clock().set(DAY.plusDays(1).atStartOfDay(ReconciliationDays.VENEZUELA).minusSeconds(30).toInstant());
        assertEquals(DAY, reconciler().historyDate(), "before midnight the sweep covers today");
        sweep(DAY);
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM pago46_registration WHERE status = 'REGISTERED'") == 4);
        assertEquals(0, reportsBesidesTheOtherTestsDays(), "no report before midnight (Venezuelan time)");
        assertEquals(404, ops("GET", "reconciliation?date=" + DAY + "&version=1", null).statusCode());

        // midnight passes: the first complete sweep of the day after it closes the day, once
        clock().set(DAY.plusDays(1).atStartOfDay(ReconciliationDays.VENEZUELA).plusMinutes(5).toInstant());
        assertEquals(0, reportsBesidesTheOtherTestsDays(), "the clock alone does not close the day");
        assertEquals(DAY, reconciler().historyDate(), "just after midnight (Venezuelan time) the sweep covers yesterday");
        sweep(reconciler().historyDate());
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM reconciliation_report WHERE report_date = ?", DAY) == 3);

        HttpResponse<String> read = ops("GET", "reconciliation?date=" + DAY, null);
        assertEquals(200, read.statusCode(), read.body());
        JsonNode answer = JSON.readTree(read.body());
        assertTrue(answer.path("closed").asBoolean());
        JsonNode bancamiga = report(answer.path("reports"), "bancamiga");
        assertEquals(1, bancamiga.path("version").asInt());
        assertEquals("automatic", bancamiga.path("closedBy").asText());
        assertEquals(7, bancamiga.path("credits").path("count").asInt(), bancamiga.toPrettyString());
        assertEquals("209.99", bancamiga.path("credits").path("amount").asText());
        assertEquals(5, bancamiga.path("credits").path("byObservedVia").path("webhook").path("count").asInt());
        assertEquals("199.99", bancamiga.path("credits").path("byObservedVia").path("webhook").path("amount").asText());
        assertEquals(2, bancamiga.path("credits").path("byObservedVia").path("history").path("count").asInt());
        assertEquals("10.00", bancamiga.path("credits").path("byObservedVia").path("history").path("amount").asText());
        assertEquals(2, bancamiga.path("missed").path("count").asInt());
        assertEquals("10.00", bancamiga.path("missed").path("amount").asText());
        assertEquals(List.of("5.50", "4.50"), bancamiga.path("missed").path("items").findValuesAsText("amount"));
        assertEquals(1, bancamiga.path("phantoms").path("count").asInt());
        assertEquals("99.99", bancamiga.path("phantoms").path("amount").asText());
        assertEquals("bancamiga:" + phantom.path("Refpk").asText(),
                bancamiga.path("phantoms").path("items").get(0).path("paymentId").asText());
        assertEquals(3, bancamiga.path("pago46").path("parked").path("count").asInt());
        assertEquals("60.00", bancamiga.path("pago46").path("parked").path("amount").asText());
        assertEquals(4, bancamiga.path("pago46").path("accepted").path("count").asInt());
        assertEquals("149.99", bancamiga.path("pago46").path("accepted").path("amount").asText());
        assertEquals(0, bancamiga.path("pago46").path("pending").path("count").asInt());
        assertEquals("110.00", bancamiga.path("amounts").path("historyCredited").asText());
        assertEquals(6, bancamiga.path("amounts").path("historyCreditedCount").asInt());
        assertEquals("209.99", bancamiga.path("amounts").path("published").asText());
        assertEquals("99.99", bancamiga.path("amounts").path("difference").asText());
        assertEquals(0, bancamiga.path("reviewOpen").path("count").asInt());

        JsonNode bamboo = report(answer.path("reports"), "bamboo");
        assertEquals(1, bamboo.path("credits").path("count").asInt(), bamboo.toPrettyString());
        assertEquals("5000.00", bamboo.path("credits").path("amount").asText());
        assertEquals(0, bamboo.path("phantoms").path("count").asInt());
        assertTrue(bamboo.path("amounts").path("historyCredited").isNull());
        JsonNode luka = report(answer.path("reports"), "luka");
        assertEquals(0, luka.path("credits").path("count").asInt());

        // the event: one per provider, keyed reconciliation:<provider>:<date>, valid against the shipped schema
        List<Event> closed = events().awaitEvents(WAIT, all -> dayClosed(all, DAY).size() == 3);
        for (Event e : dayClosed(closed, DAY)) {
            EventSchema.assertValid(e.value());
        }
        Event event = dayClosed(closed, DAY).stream().filter(e -> e.key().equals("reconciliation:bancamiga:" + DAY)).findFirst().orElseThrow();
        assertEquals(bancamiga, event.value().path("data"));

        // the live metrics agree with the report
        String metrics = get(managementPort, "/observe/metrics").body();
        assertEquals(2.0, metric(metrics, "paymenthub_reconciliation_missed_total", "provider=\"bancamiga\"", "via=\"history\""), metrics);
        assertEquals(2.0, metric(metrics, "paymenthub_reconciliation_missed_lateness_seconds_count", "provider=\"bancamiga\""));
        assertEquals(1.0, metric(metrics, "paymenthub_reconciliation_phantom_webhooks_total", "provider=\"bancamiga\""));
        assertEquals(0.0, metric(metrics, "paymenthub_reconciliation_pending_past_follow_up", "provider=\"bamboo\""));

        // the CSV says the same
        HttpResponse<String> csv = opsCsv("/ops/reconciliation?date=" + DAY);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.body().startsWith("date,version,provider,section,item,count,amount\n"), csv.body());
        assertTrue(csv.body().contains(DAY + ",1,bancamiga,phantoms,,1,99.99\n"), csv.body());
        assertTrue(csv.body().contains(DAY + ",1,bancamiga,pago46.parked,,3,60.00\n"), csv.body());
        assertTrue(csv.body().contains(DAY + ",1,bancamiga,missed,,2,10.00\n"), csv.body());

        // a third sweep of the day closes nothing more
        sweep(DAY);
        assertEquals(3, count("SELECT COUNT(*) FROM reconciliation_report WHERE report_date = ?", DAY));

        // closing the day again adds a version and never overwrites the first
        HttpResponse<String> close = ops("POST", "reconciliation/close?date=" + DAY, "{\"reason\":\"late correction\"}");
        assertEquals(200, close.statusCode(), close.body());
        assertEquals(2, JSON.readTree(close.body()).path("version").asInt());
        assertEquals(3, count("SELECT COUNT(*) FROM reconciliation_report WHERE report_date = ? AND version = 1", DAY));
        assertEquals(3, count("SELECT COUNT(*) FROM reconciliation_report WHERE report_date = ? AND version = 2", DAY));
        JsonNode latest = report(JSON.readTree(ops("GET", "reconciliation?date=" + DAY, null).body()).path("reports"), "bancamiga");
        assertEquals(2, latest.path("version").asInt());
        assertEquals("late correction", latest.path("reason").asText());
        assertEquals(1, report(JSON.readTree(ops("GET", "reconciliation?date=" + DAY + "&version=1", null).body())
                .path("reports"), "bancamiga").path("version").asInt());
        assertEquals(1, count("SELECT COUNT(*) FROM ops_audit WHERE action = 'reconciliation.close' AND outcome = 'closed'"
                + " AND target = ?", DAY.toString()));
        List<Event> all = events().awaitEvents(WAIT, e -> dayClosed(e, DAY).size() == 6);
        dayClosed(all).forEach(e -> EventSchema.assertValid(e.value()));
        // today (by the runner's clock) has not ended: refused, and said why
        HttpResponse<String> early = ops("POST", "reconciliation/close?date=" + DAY.plusDays(1), "{}");
        assertEquals(409, early.statusCode());
        assertTrue(JSON.readTree(early.body()).path("message").asText().contains("has not ended"));
        assertEquals(400, ops("GET", "reconciliation?date=yesterday", null).statusCode());
    }

    @Test
    void aDayWithoutCreditsClosesWithZerosForEveryProvider() throws Exception {
        LocalDate quiet = QUIET_DAY;
        JsonNode open = JSON.readTree(ops("GET", "reconciliation?date=" + quiet, null).body());
        assertFalse(open.path("closed").asBoolean());
        HttpResponse<String> close = ops("POST", "reconciliation/close?date=" + quiet, "{\"reason\":\"quiet day\"}");
        assertEquals(200, close.statusCode(), close.body());
        JsonNode reports = JSON.readTree(close.body()).path("reports");
        assertEquals(3, reports.size());
        for (JsonNode r : reports) {
            assertEquals(0, r.path("credits").path("count").asInt());
            assertEquals("0.00", r.path("credits").path("amount").asText());
            assertEquals(0, r.path("missed").path("count").asInt());
            assertEquals(0, r.path("phantoms").path("count").asInt());
            assertEquals(0, r.path("pago46").path("parked").path("count").asInt());
        }
        List<Event> all = events().awaitEvents(WAIT, e -> e.stream().anyMatch(x -> x.key().equals("reconciliation:luka:" + quiet)));
        dayClosed(all).forEach(e -> EventSchema.assertValid(e.value()));
    }

    @Test
    void aSweepWhoseReportWasNeverWrittenIsClosedOnceByTheNextCheckAsAfterARestart() throws Exception {
        LocalDate day = UNREPORTED_DAY;
        // what a runner stopped between the end of the sweep and the report leaves in the store
        try (var c = java.sql.DriverManager.getConnection(dbUrl, dbUser, dbPassword);
             var insert = c.prepareStatement("INSERT INTO history_sweep (provider, sweep_date, first_completed_at, last_completed_at)"
                     + " VALUES ('bancamiga', ?, ?, ?)")) {
            OffsetDateTime afterMidnight = ReconciliationDays.startOf(day.plusDays(1)).plusMinutes(1);
            insert.setObject(1, day);
            insert.setObject(2, afterMidnight);
            insert.setObject(3, afterMidnight);
            insert.executeUpdate();
        }
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM reconciliation_report WHERE report_date = ?", day) == 3);
        events().awaitEvents(WAIT, e -> e.stream().anyMatch(x -> x.key().equals("reconciliation:bancamiga:" + day)));
        // several checks later (every 500ms), still once
        org.apache.camel.builder.NotifyBuilder more = new org.apache.camel.builder.NotifyBuilder(context)
                .fromRoute("reconciliation-close-check").whenDone(3).create();
        assertTrue(more.matches(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(3, count("SELECT COUNT(*) FROM reconciliation_report WHERE report_date = ?", day));
        assertEquals(1, count("SELECT MAX(version) FROM reconciliation_report WHERE report_date = ?", day));
    }

    private void sweep(LocalDate day) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(dbUrl, dbUser, dbPassword);
             var reset = c.prepareStatement("UPDATE call_rate_limit SET last_call_at = ? WHERE name = 'bancamiga.history'")) {
            // "ten minutes later" for the runner's own history rule (the simulator's is shortened likewise)
            reset.setObject(1, OffsetDateTime.parse("1970-01-01T00:00:00Z"));
            reset.executeUpdate();
        }
        template.sendBody("direct:bancamiga-history", day);
    }

    private io.paymenthub.bancamiga.BancamigaReconciler reconciler() {
        return context.getRegistry().lookupByNameAndType("bancamigaReconciler", io.paymenthub.bancamiga.BancamigaReconciler.class);
    }

    private static ObjectNode bambooApproved(String purchaseId, long amount) {
        ObjectNode body = JSON.createObjectNode();
        body.put("PurchaseId", Long.parseLong(purchaseId));
        body.putNull("UniqueId");
        body.put("Order", "order-" + purchaseId);
        body.put("Amount", amount);
        body.put("Installments", 1);
        body.put("Currency", "COP");
        body.putNull("MetadataOut");
        ObjectNode tx = body.putObject("Transaction");
        tx.put("TransactionStatusId", 1);
        tx.put("Status", "Approved");
        tx.put("Description", " ");
        tx.putNull("ApprovalCode");
        return body;
    }

    private static List<Event> dayClosed(List<Event> all) {
        return all.stream().filter(e -> "reconciliation.day-closed".equals(e.value().path("type").asText())).toList();
    }

    /** The day-closed events of one day (the other tests close days of their own, in any order). */
    private static List<Event> dayClosed(List<Event> all, LocalDate day) {
        return dayClosed(all).stream().filter(e -> e.key().endsWith(":" + day)).toList();
    }

    /** Reports of any day but those the other tests close (the quiet day, the unreported day), whenever they run. */
    private long reportsBesidesTheOtherTestsDays() throws java.sql.SQLException {
        return count("SELECT COUNT(*) FROM reconciliation_report WHERE report_date NOT IN (?, ?)", QUIET_DAY, UNREPORTED_DAY);
    }

    private static JsonNode report(JsonNode reports, String provider) {
        for (JsonNode r : reports) {
            if (provider.equals(r.path("provider").asText())) {
                return r;
            }
        }
        throw new AssertionError("no report for " + provider + ": " + reports);
    }

    private static double metric(String scrape, String name, String... labels) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") && java.util.Arrays.stream(labels).allMatch(line::contains)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(name + " " + List.of(labels) + " not in the scrape");
    }

    private HttpResponse<String> opsCsv(String path) throws Exception {
        String basic = Base64.getEncoder().encodeToString((OPS_USER + ":" + OPS_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .header("Authorization", "Basic " + basic).header("Accept", "text/csv").GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
