package io.paymenthub.pago46;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.spi.PropertiesComponent;
import io.paymenthub.settings.Settings;

/**
 * The pago46.* settings, read once the sandbox has had its say (its overrides apply to these keys).
 * {@link #toString()} never shows the secret.
 */
public final class Pago46Settings {

    public static final String BULK_TRANSACTION_PATH = "/bulkTransaction";

    /** The settings without which nothing can be registered: the flow stays off until all are set. */
    static final List<String> REQUIRED = List.of(
            "pago46.provider-key", "pago46.provider-secret", "pago46.bank-country-currency-id", "pago46.document-id");

    public final String baseUrl;
    public final String providerKey;
    final String providerSecret;
    public final String bankCountryCurrencyId;
    public final String documentId;
    public final String paymentMethod;
    public final Set<String> providers;
    public final int batchSize;
    public final Duration maxWait;
    public final Duration lease;
    public final Pago46Signer.Scheme scheme;
    public final Pago46Signer.Encoding encoding;
    public final Pago46Signer.DateUnit dateUnit;
    public final Duration retryInitialDelay;
    public final Duration retryMaxDelay;
    private final List<String> missing;

    private Pago46Settings(PropertiesComponent p) {
        Settings settings = new Settings(p);
        baseUrl = trimTrailingSlash(value(p, "pago46.base-url", "https://sandboxapi.pago46.com"));
        providerKey = value(p, "pago46.provider-key", "");
        providerSecret = settings.secret("pago46.provider-secret");
        bankCountryCurrencyId = value(p, "pago46.bank-country-currency-id", "");
        documentId = value(p, "pago46.document-id", "");
        paymentMethod = value(p, "pago46.payment-method", "bank_transfer");
        providers = Arrays.stream(value(p, "pago46.providers", "bancamiga").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        batchSize = settings.integer("pago46.batch.size");
        maxWait = settings.duration("pago46.batch.max-wait");
        lease = settings.duration("pago46.batch.lease");
        scheme = Pago46Signer.Scheme.of(settings.text("pago46.signature.scheme"));
        encoding = Pago46Signer.Encoding.of(settings.text("pago46.signature.encoding"));
        dateUnit = Pago46Signer.DateUnit.of(settings.text("pago46.signature.date-unit"));
        retryInitialDelay = settings.duration("pago46.retry.initial-delay");
        retryMaxDelay = settings.duration("pago46.retry.max-delay");
        missing = new ArrayList<>();
        for (String key : REQUIRED) {
            String v = key.equals("pago46.provider-secret") ? providerSecret : value(p, key, "");
            if (v.isEmpty()) {
                missing.add(key);
            }
        }
    }

    public static Pago46Settings from(PropertiesComponent properties) {
        return new Pago46Settings(properties);
    }

    /** True when every required setting is present: rows are queued and the forwarder runs. */
    public boolean enabled() {
        return missing.isEmpty();
    }

    /** The required settings that are empty. */
    public List<String> missing() {
        return List.copyOf(missing);
    }

    /** The path the request goes to and that the signature covers, e.g. {@code /bulkTransaction}. */
    public String bulkTransactionPath() {
        String prefix = URI.create(baseUrl).getRawPath();
        return (prefix == null ? "" : prefix) + BULK_TRANSACTION_PATH;
    }

    String secret() {
        return providerSecret;
    }

    @Override
    public String toString() {
        return "Pago46Settings[baseUrl=" + baseUrl + ", providerKey=" + providerKey + ", providerSecret="
                + (providerSecret.isEmpty() ? "" : "xxxxxx") + ", bankCountryCurrencyId=" + bankCountryCurrencyId
                + ", scheme=" + scheme + ", encoding=" + encoding + ", dateUnit=" + dateUnit + ", batchSize=" + batchSize + ", maxWait=" + maxWait + "]";
    }

    private static String value(PropertiesComponent p, String key, String fallback) {
        return p.resolveProperty(key).map(String::trim).orElse(fallback);
    }

    private static String trimTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
