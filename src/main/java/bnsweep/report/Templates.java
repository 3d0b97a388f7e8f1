package bnsweep.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Renders a {@link ReportDocument} with Mustache (mustache.java) templates from
 * {@code src/main/resources/bnsweep/report}: report.html escapes every value (the engine's
 * default), summary.md writes them as they are.
 */
final class Templates {
    private static final String ROOT = "bnsweep/report";
    private static final MustacheFactory HTML = new DefaultMustacheFactory(ROOT);
    private static final MustacheFactory MARKDOWN = new DefaultMustacheFactory(ROOT) {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private Templates() {}

    static String html(ReportDocument d) {
        return render(HTML, "report.html.mustache", d);
    }

    static String markdown(ReportDocument d) {
        return render(MARKDOWN, "report.md.mustache", d);
    }

    private static String render(MustacheFactory factory, String template, ReportDocument d) {
        StringWriter w = new StringWriter();
        factory.compile(template).execute(w, d);
        return w.toString();
    }
}
