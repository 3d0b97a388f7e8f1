package bnsweep.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Downloads a file from the first mirror that serves it, with progress on the console. */
public final class Downloader {
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20))
            .build();
    private final PrintStream log;

    public Downloader(PrintStream log) {
        this.log = log;
    }

    /** Downloads {@code name} into {@code target}; tries each base URL in turn. */
    public void download(List<String> baseUrls, String name, Path target) {
        StringBuilder failures = new StringBuilder();
        for (String base : baseUrls) {
            URI uri = URI.create(base + name);
            try {
                fetch(uri, target);
                return;
            } catch (IOException e) {
                failures.append("\n  ").append(uri).append(": ")
                        .append(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataException(target, "download interrupted");
            }
        }
        throw new DataException(target.resolveSibling(name), "could not download " + name + " from any mirror:" + failures
                + "\n  (offline? obtain the files elsewhere and pass --from DIR)");
    }

    private void fetch(URI uri, Path target) throws IOException, InterruptedException {
        log.println("downloading " + uri);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).GET().build();
        HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() != 200) {
            resp.body().close();
            throw new IOException("HTTP " + resp.statusCode());
        }
        long total = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
        long done = 0;
        int lastPct = -10;
        try (InputStream in = resp.body(); OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                done += n;
                if (total > 0 && (int) (100 * done / total) >= lastPct + 10) {
                    lastPct = (int) (100 * done / total);
                    log.printf("  %s: %d%% of %.1f MB%n", uri.getPath(), lastPct, total / 1e6);
                }
            }
        }
        if (total > 0 && done != total) throw new IOException("connection closed after " + done + " of " + total + " bytes");
    }
}
