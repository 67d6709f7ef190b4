package io.paymenthub.http;

import org.apache.camel.Exchange;

/** Admits a request body only if it is declared as JSON and fits the configured size; returns its raw bytes. */
public final class JsonBodyGuard {

    private final long maxBodyBytes;

    public JsonBodyGuard(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public byte[] admit(Exchange exchange) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !isJson(contentType)) {
            throw HttpProblem.unsupportedMediaType("Content-Type must be application/json, not "
                    + (contentType == null ? "missing" : contentType));
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body != null && body.length > maxBodyBytes) {
            throw HttpProblem.payloadTooLarge("The body has " + body.length + " bytes; at most " + maxBodyBytes + " are accepted");
        }
        return body;
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim();
        return mediaType.equalsIgnoreCase("application/json");
    }
}
