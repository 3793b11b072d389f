package dev.clerksync.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Function;

/**
 * Turns whatever a servlet or filter behind it throws into a problem+json answer, using the one
 * mapping from exceptions to HTTP that the application defines.
 */
public final class ProblemFilter extends HttpFilter {

    private final Function<Throwable, Problem> mapping;
    private final JsonResponses json;

    public ProblemFilter(Function<Throwable, Problem> mapping, JsonResponses json) {
        this.mapping = mapping;
        this.json = json;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException | IOException e) {
            Throwable failure = e instanceof ServletException && e.getCause() != null ? e.getCause() : e;
            if (response.isCommitted()) {
                throw e;
            }
            response.reset();
            json.write(response, mapping.apply(failure));
        }
    }
}
