package io.paymenthub.pago46;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.paymenthub.settings.Settings;

/**
 * The pago46.* settings, read once the sandbox has had its say (its overrides apply to these keys).
 * {@link #toString()} never shows the secret.
 */
public final class Pago46Settings {

    public static final String BULK_TRANSACTION_PATH = "/bulkTransaction";

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

    private Pago46Settings(Settings settings) {
        String url = settings.baseUrl("pago46.base-url");
        baseUrl = url.isEmpty() ? "https://sandboxapi.pago46.com" : url;
        providerKey = settings.text("pago46.provider-key");
        providerSecret = settings.secret("pago46.provider-secret");
        bankCountryCurrencyId = settings.text("pago46.bank-country-currency-id");
        documentId = settings.text("pago46.document-id");
        paymentMethod = settings.text("pago46.payment-method", "bank_transfer");
        providers = Arrays.stream(settings.text("pago46.providers", "bancamiga").split(","))
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
        missing = settings.unset("pago46.provider-key", "pago46.provider-secret", "pago46.bank-country-currency-id",
                "pago46.document-id");
    }

    /** Reads every pago46.* key once, through the rules of SettingKeys. */
    public static Pago46Settings from(Settings settings) {
        return new Pago46Settings(settings);
    }

    /** True when every required setting is present: rows are queued and the forwarder runs. */
    public boolean enabled() {
        return missing.isEmpty();
    }

    /**
     * The settings without which nothing can be registered that are empty: provider key, provider secret, bank country
     * currency id, document id (the flow stays off until all are set).
     */
    public List<String> missing() {
        return missing;
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
                + Settings.masked(providerSecret) + ", bankCountryCurrencyId=" + bankCountryCurrencyId
                + ", scheme=" + scheme + ", encoding=" + encoding + ", dateUnit=" + dateUnit + ", batchSize=" + batchSize + ", maxWait=" + maxWait + "]";
    }
}
