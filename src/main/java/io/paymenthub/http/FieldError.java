package io.paymenthub.http;

/** One reason a request was refused, tied to the field it concerns. */
public record FieldError(String field, String message) {
}
