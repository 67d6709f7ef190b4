package io.paymenthub.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.paymenthub.sandbox.Pago46Simulator;
import io.paymenthub.support.Browser;
import io.paymenthub.support.Pago46TestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator console in a real headless Chromium, against the real runner: an operator logs in, finds a payment a
 * webhook posted, releases a held report and sees its event, re-queues a parked PAGO46 batch; a wrong password gets
 * 401. Each view's screenshot goes to target/screenshots/.
 */
class OpsConsoleBrowserTest extends Pago46TestSupport {

    /** Starts out expecting another secret than the runner signs with: every batch is parked until expectSecret(...). */
    private static final Pago46Simulator PAGO46 = new Pago46Simulator(0, PAGO46_KEY, PAGO46_SECRET + "-rotated", "provider",
            java.util.Set.of(PAGO46_CURRENCY));

    static {
        PAGO46.start();
    }

    private Browser browser;

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = pago46Settings(PAGO46);
        p.put("pago46.batch.size", "1");
        p.put("pago46.batch.max-wait", "500ms");
        return p;
    }

    @BeforeAll
    void openBrowser() throws Exception {
        browser = Browser.start();
    }

    @AfterAll
    void closeBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
        PAGO46.stop();
    }

    /** Logs in as the browser does once the operator typed the user and password: every request carries them (Basic). */
    private WebDriver logIn(String view) {
        browser.logIn(OPS_USER, OPS_PASSWORD);
        open(view);
        return browser.driver();
    }

    private void open(String view) {
        browser.driver().get("http://127.0.0.1:" + managementPort + "/ops/#" + view);
        browser.waiting().until(d -> view.equals(d.findElement(By.id("view")).getAttribute("data-loaded")));
    }

    @Test
    void anOperatorLogsInAndFindsAPaymentPostedByAWebhookWithItsTimeline() throws Exception {
        String reference = nextReference();
        assertEquals(200, postWebhook(notification(reference)).statusCode());
        WebDriver driver = logIn("payments");
        browser.screenshot("01-payments");

        WebElement search = driver.findElement(By.id("payment-search"));
        search.findElement(By.name("reference")).sendKeys(reference);
        search.findElement(By.name("date")).sendKeys("05082025"); // the date input takes the browser's locale order
        search.submit();
        String paymentId = "bancamiga:" + refpk(reference);
        WebElement link = browser.waiting().until(ExpectedConditions.elementToBeClickable(By.linkText(paymentId)));
        String row = link.findElement(By.xpath("./ancestor::tr")).getText();
        assertTrue(row.contains("5.64 VES") && row.contains("RECEIVED") && row.contains("VET") && row.contains("UTC"), row);
        browser.screenshot("02-payments-search");

        link.click();
        browser.waiting().until(d -> ("payment/" + paymentId).equals(d.findElement(By.id("view")).getAttribute("data-loaded")));
        String timeline = driver.findElement(By.id("timeline")).getText();
        assertTrue(timeline.contains("stored as RECEIVED"), timeline);
        browser.waiting().until(d -> {
            d.navigate().refresh();
            browser.waiting().until(x -> ("payment/" + paymentId).equals(x.findElement(By.id("view")).getAttribute("data-loaded")));
            return d.findElement(By.id("pago46")).getText().contains("bank_transaction_id");
        });
        assertTrue(driver.findElement(By.id("pago46")).getText().contains(refpk(reference)));
        browser.screenshot("03-payment-timeline");
    }

    @Test
    void aHeldReportReleasedWithACorrectedAmountIsPublishedAndItsEventAppears() throws Exception {
        String reference = nextReference();
        String held = notification(reference, "1.234,56");
        assertEquals(200, postWebhook(held).statusCode());
        long id = count("SELECT id FROM review_item WHERE external_id = ?", refpk(reference));
        logIn("review");
        WebElement item = browser.waiting().until(ExpectedConditions.elementToBeClickable(By.linkText(Long.toString(id))));
        browser.screenshot("04-review-queue");

        item.click();
        browser.waiting().until(d -> ("review/" + id).equals(d.findElement(By.id("view")).getAttribute("data-loaded")));
        assertEquals(held, browser.driver().findElement(By.id("review-body")).getText(), "the body as received");
        WebElement release = browser.driver().findElement(By.id("release-form"));
        WebElement corrections = release.findElement(By.name("corrections"));
        corrections.clear();
        corrections.sendKeys("{\"Amount\":\"1234.56\"}");
        release.findElement(By.name("reason")).sendKeys("receipt shows Bs 1234.56");
        browser.screenshot("05-review-item");
        release.findElement(By.tagName("button")).click();

        WebElement outcome = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("outcome")));
        browser.waiting().until(d -> d.findElement(By.id("outcome")).getText().contains("published once"));
        assertTrue(outcome.getText().contains("done"), outcome.getText());
        String paymentId = "bancamiga:" + refpk(reference);
        List<Event> received = events().awaitPayments(Duration.ofSeconds(30), List.of(paymentId));
        assertEquals("1234.56", received.stream().filter(e -> e.paymentId().equals(paymentId)).findFirst().orElseThrow()
                .value().path("data").path("amount").asText());
        browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("review-payment"))).click();
        browser.waiting().until(d -> ("payment/" + paymentId).equals(d.findElement(By.id("view")).getAttribute("data-loaded")));
        String timeline = browser.driver().findElement(By.id("timeline")).getText();
        assertTrue(timeline.contains("held for review") && timeline.contains("RELEASED") && timeline.contains("stored as RECEIVED")
                && timeline.contains("receipt shows Bs 1234.56"), timeline);
        browser.screenshot("06-released-payment-timeline");
    }

    @Test
    void aParkedPago46BatchIsRequeuedWithAReasonAndGoesThrough() throws Exception {
        String reference = nextReference();
        assertEquals(200, postWebhook(notification(reference)).statusCode());
        await().atMost(Duration.ofSeconds(60)).until(() -> "PARKED".equals(
                text("SELECT status FROM pago46_registration WHERE bank_transaction_id = ?", refpk(reference))));
        long batch = count("SELECT batch_id FROM pago46_registration WHERE bank_transaction_id = ?", refpk(reference));
        PAGO46.expectSecret(PAGO46_SECRET); // the operator fixed the secret
        logIn("batches");
        WebElement form = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("requeue-form-" + batch)));
        assertTrue(browser.driver().findElement(By.id("batches-table")).getText().contains("WRONG HASH"));
        browser.screenshot("07-parked-batches");

        form.findElement(By.name("reason")).sendKeys("provider secret corrected");
        form.findElement(By.tagName("button")).click();

        browser.waiting().until(d -> d.findElement(By.id("outcome")).getText().contains("pending again"));
        await().atMost(Duration.ofSeconds(60)).until(() -> "REGISTERED".equals(
                text("SELECT status FROM pago46_registration WHERE bank_transaction_id = ?", refpk(reference))));
        browser.screenshot("08-batch-requeued");
        open("audit");
        String audit = browser.driver().findElement(By.id("audit-table")).getText();
        assertTrue(audit.contains("provider secret corrected") && audit.contains(OPS_USER), audit);
        browser.screenshot("09-audit-log");
    }

    @Test
    void partnerHealthAndRejectedMessagesAreShown() throws Exception {
        assertEquals(400, postWebhook("{\"Amount\":\"5.64\",\"Descripcion\":\"no Refpk\"}").statusCode());
        logIn("health");
        String checks = browser.driver().findElement(By.id("health-checks")).getText();
        assertTrue(checks.contains("database"), checks);
        assertTrue(browser.driver().findElement(By.id("polls")).getText().contains("pago46"), "the forwarder's timer is listed");
        assertTrue(browser.driver().findElement(By.id("breakers")).getText().contains("CLOSED")
                || browser.driver().findElement(By.id("breakers")).getText().contains("OPEN"));
        browser.screenshot("10-partner-health");
        open("rejected");
        assertTrue(browser.driver().findElement(By.id("rejected-table")).getText().contains("bancamiga"));
        browser.screenshot("11-rejected-messages");
    }

    @Test
    void theDaysReconciliationReportIsShownAndClosedAgainWithAReason() throws Exception {
        assertEquals(200, postWebhook(notification(nextReference())).statusCode()); // a credit of 2025-05-08, by webhook
        logIn("reconciliation/2025-05-08");
        String bancamiga = browser.driver().findElement(By.id("reconciliation-bancamiga")).getText();
        assertTrue(bancamiga.contains("Credits") && bancamiga.contains("webhook") && bancamiga.contains("VES"), bancamiga);
        browser.screenshot("13-reconciliation");

        WebElement close = browser.driver().findElement(By.id("close-form"));
        close.findElement(By.name("reason")).sendKeys("late correction from the bank");
        close.submit();
        browser.waiting().until(d -> d.findElement(By.id("outcome")).getText().contains("Close 2025-05-08: done"));
        browser.waiting().until(d -> d.findElement(By.id("reconciliation-state")).getText().startsWith("Closed"));
        assertTrue(browser.driver().findElement(By.id("reconciliation-bancamiga")).getText().contains("version"));
        browser.screenshot("14-reconciliation-closed");
    }

    @Test
    void aWrongPasswordIsAnswered401() throws Exception {
        try (Browser other = Browser.start()) {
            other.logIn(OPS_USER, "wrong-password");
            other.driver().get("http://127.0.0.1:" + managementPort + "/ops/");
            other.screenshot("12-wrong-password-401");
            Object status = ((org.openqa.selenium.JavascriptExecutor) other.driver()).executeScript("return performance.getEntriesByType('navigation')[0].responseStatus");
            assertEquals(401L, status);
            assertTrue(other.driver().findElements(By.id("view")).isEmpty(), "no console without the right password");
        }
    }
}
