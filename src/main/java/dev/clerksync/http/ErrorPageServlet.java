package dev.clerksync.http;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Tomcat's error page for what no servlet answered itself (unknown path, wrong method), so that
 * every error this WAR returns is problem+json rather than Tomcat's HTML page.
 */
public final class ErrorPageServlet extends HttpServlet {

    private final transient JsonResponses json;

    public ErrorPageServlet(JsonResponses json) {
        this.json = json;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : HttpServletResponse.SC_NOT_FOUND;
        json.write(response, new Problem(status, title(status), detail(status, request)));
    }

    private static String title(int status) {
        return switch (status) {
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Payload Too Large";
            default -> status >= 500 ? "Internal Server Error" : "Bad Request";
        };
    }

    private static String detail(int status, HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return switch (status) {
            case 404 -> "no resource at " + uri;
            case 405 -> "this method is not allowed at " + uri;
            default -> "the request could not be handled";
        };
    }
}
