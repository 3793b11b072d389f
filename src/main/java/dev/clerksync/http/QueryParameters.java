package dev.clerksync.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Validated query parameters: a bad one is an {@link InvalidRequestException} naming it. */
public final class QueryParameters {

    private final HttpServletRequest request;

    public QueryParameters(HttpServletRequest request) {
        this.request = request;
    }

    public int limit(int fallback, int max) {
        String raw = request.getParameter("limit");
        if (raw == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException("limit must be a whole number from 1 to " + max);
    }

    public Optional<String> oneOf(String name, Set<String> allowed) {
        Optional<String> value = Optional.ofNullable(request.getParameter(name));
        if (value.isPresent() && !allowed.contains(value.get())) {
            throw new InvalidRequestException(name + " must be one of " + allowed);
        }
        return value;
    }

    public Optional<String> matching(String name, Pattern pattern) {
        Optional<String> value = Optional.ofNullable(request.getParameter(name));
        if (value.isPresent() && !pattern.matcher(value.get()).matches()) {
            throw new InvalidRequestException(name + " is malformed");
        }
        return value;
    }
}
