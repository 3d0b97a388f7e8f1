package bnsweep.data;

import java.io.Serializable;

/**
 * What a network needs to know of its data: the width of an example (its input features) and the
 * number of classes K (labels 0..K−1). Fixed for an image set; read from the data for a table.
 */
public record DataShape(int inputs, int classes) implements Serializable {
    public DataShape {
        if (inputs < 1) throw new IllegalArgumentException("an example needs at least one feature, not " + inputs);
        if (classes < 2) throw new IllegalArgumentException("a classifier needs at least two classes, not " + classes);
    }
}
