package bnsweep.report;

import java.util.List;

/**
 * The report as one document: its sections in order, each with its notes, table, lists, charts
 * and closing notes, as plain text. {@link Templates} renders it into report.html (every text
 * escaped by the template engine) and into summary.md (the same sections but those that are
 * charts only, and no pre-formatted blocks).
 */
record ReportDocument(String title, String setting, List<Section> sections) {
    /**
     * One {@code ##} section. {@code views}: its charts ({@code grid}: side by side);
     * {@code after}: paragraphs below them; {@code pre}: a pre-formatted block (report.html only).
     */
    record Section(String heading, List<String> notes, Table table, List<Item> items, List<Group> groups, List<View> views, boolean grid,
            List<String> after, String pre) {
        static Section of(String heading) {
            return new Section(heading, List.of(), null, List.of(), List.of(), List.of(), false, List.of(), null);
        }

        Section notes(List<String> p) { return new Section(heading, p, table, items, groups, views, grid, after, pre); }

        Section table(Table t) { return new Section(heading, notes, t, items, groups, views, grid, after, pre); }

        Section items(List<Item> i) { return new Section(heading, notes, table, i, groups, views, grid, after, pre); }

        Section groups(List<Group> g) { return new Section(heading, notes, table, items, g, views, grid, after, pre); }

        Section views(List<View> v, boolean sideBySide) { return new Section(heading, notes, table, items, groups, v, sideBySide, after, pre); }

        Section after(List<String> p) { return new Section(heading, notes, table, items, groups, views, grid, p, pre); }

        Section pre(String text) { return new Section(heading, notes, table, items, groups, views, grid, after, text); }

        /** Whether summary.md, which has no charts, shows this section. */
        boolean inMarkdown() {
            return !notes.isEmpty() || table != null || !items.isEmpty() || !groups.isEmpty();
        }

        boolean hasItems() { return !items.isEmpty(); }
    }

    /** A table; its first column is left-aligned, the others right-aligned. */
    record Table(List<String> headings, List<Row> rows) {
        String first() { return headings.get(0); }

        /** The headings after the first (right-aligned). */
        List<String> rest() { return headings.subList(1, headings.size()); }
    }

    /** A table row; {@code significant} rows are bold in report.html. */
    record Row(String first, List<String> rest, boolean significant) {
        static Row of(List<String> cells, boolean significant) {
            return new Row(cells.get(0), cells.subList(1, cells.size()), significant);
        }
    }

    /** A list item: an optional bold topic, then the text; {@code significant} items are bold in report.html. */
    record Item(String topic, String text, boolean significant) {}

    /** A {@code ###} group of items. */
    record Group(String heading, List<Item> items) {}

    /**
     * A named view of zero or more charts ({@code missing} says why there are none); {@code caption}
     * heads small multiples (not "title": a template would find the document's where a view has none).
     */
    record View(String name, String caption, List<Figure> figures, String missing) {
        boolean empty() { return figures.isEmpty(); }
    }

    /** One chart: a PNG data URI and its alternative text. */
    record Figure(String alt, String src) {}
}
