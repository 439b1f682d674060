package io.sessioncache.examples.wm;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/** POST /visit creates or updates the session (a visit counter and the last page); GET /visit reads it. */
final class CounterServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(true);
        Integer visits = (Integer) session.getAttribute("visits");
        session.setAttribute("visits", visits == null ? 1 : visits + 1);
        session.setAttribute("last", request.getParameter("page"));
        write(response, session);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (session == null) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        write(response, session);
    }

    private static void write(HttpServletResponse response, HttpSession session) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print("visits=" + session.getAttribute("visits") + " last=" + session.getAttribute("last"));
    }
}
