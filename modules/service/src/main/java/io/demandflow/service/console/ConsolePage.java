package io.demandflow.service.console;

import io.demandflow.service.http.HttpResponse;
import io.demandflow.service.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The planner console: a hand-written page ({@code index.html}, {@code console.js}, {@code
 * console.css}, classpath {@code io/demandflow/service/console/}) served at {@code /}. It has no
 * data of its own: the browser polls the read-only query API ({@code /api/...}) of the instance
 * that served it, which gathers or forwards across instances, so the page shows the whole cluster
 * from any instance. Nothing from configuration is ever put into it.
 */
public final class ConsolePage {

  private static final String RESOURCES = "/io/demandflow/service/console/";

  /** The files of the page and their content types; nothing else on the classpath is served. */
  private static final Map<String, String> FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "console.js", "text/javascript; charset=utf-8",
          "console.css", "text/css; charset=utf-8");

  private final Map<String, HttpResponse> pages = new LinkedHashMap<>();

  /**
   * Loads the page's files once.
   *
   * @throws IllegalStateException when a file is missing from the classpath (a broken build)
   */
  public ConsolePage() {
    FILES.forEach((name, type) -> pages.put(name, new HttpResponse(200, type, read(name))));
  }

  /** Adds {@code GET /} (the page) and {@code GET /console/{file}} (its script and style). */
  public void register(Router router) {
    router.get("/", request -> pages.get("index.html"));
    router.get(
        "/console/{file}",
        request -> {
          HttpResponse page = pages.get(request.pathParameter("file"));
          return page != null
              ? page
              : HttpResponse.error(404, "no such file: " + request.pathParameter("file"));
        });
  }

  private static byte[] read(String name) {
    try (InputStream in = ConsolePage.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("console file missing from the classpath: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read console file " + name, e);
    }
  }
}
