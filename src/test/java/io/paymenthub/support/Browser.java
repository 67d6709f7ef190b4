package io.paymenthub.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven by Selenium through Debian's {@code chromium} and {@code chromium-driver}
 * ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}; other paths with PAYMENT_HUB_CHROMIUM and
 * PAYMENT_HUB_CHROMEDRIVER). Nothing is downloaded: Selenium Manager is never asked. A fresh empty profile per browser.
 * Where Chromium is absent the browser tests are skipped with one line saying so, unless
 * {@code PAYMENT_HUB_REQUIRE_BROWSER=true} (set by {@code .ci/run}), which makes them fail instead.
 */
public final class Browser implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final String CHROMIUM = System.getenv().getOrDefault("PAYMENT_HUB_CHROMIUM", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getenv().getOrDefault("PAYMENT_HUB_CHROMEDRIVER", "/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test when Chromium or its driver is missing, or fails it when browsers are required. */
    public static void assumeAvailable() {
        boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (present) {
            return;
        }
        String why = "Chromium not installed (" + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver";
        if (Boolean.parseBoolean(System.getenv().getOrDefault("PAYMENT_HUB_REQUIRE_BROWSER", "false"))) {
            throw new AssertionError("Browser tests are required (PAYMENT_HUB_REQUIRE_BROWSER=true) but " + why);
        }
        System.out.println("Browser tests skipped: " + why);
        Assumptions.abort(why);
    }

    /** Starts a headless Chromium with a new empty profile. */
    public static Browser start() throws Exception {
        assumeAvailable();
        Path profile = Files.createTempDirectory("payment-hub-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver, profile);
    }

    /**
     * Sends HTTP Basic credentials with every request from now on, as the browser does after its login dialog (which a
     * headless browser cannot show), through the DevTools protocol ChromeDriver relays.
     */
    public void logIn(String user, String password) {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        driver.executeCdpCommand("Network.enable", java.util.Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", java.util.Map.of("headers", java.util.Map.of("Authorization", basic)));
    }

    public WebDriver driver() {
        return driver;
    }

    /** Waits up to 30 s (the machine may be busy). */
    public WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /** Writes the page as it looks now to target/screenshots/{name}.png and returns the path. */
    public Path screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() throws Exception {
        try {
            driver.quit();
        } finally {
            try (var paths = Files.walk(profile)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
