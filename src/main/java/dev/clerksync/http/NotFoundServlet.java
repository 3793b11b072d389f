package dev.clerksync.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The default servlet ({@code /}): whatever no other servlet maps is 404, whatever the method. The
 * container's own default servlet would serve files this WAR does not have, and answer 501 to PATCH.
 */
public final class NotFoundServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        throw new NotFoundException("no resource at " + request.getRequestURI());
    }
}
