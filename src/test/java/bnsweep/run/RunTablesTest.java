package bnsweep.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bnsweep.sweep.SummaryTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The declared tables keep the output contract readers (the report, Spark, users' scripts) rely on, and write values as declared. */
class RunTablesTest {
    @Test
    void headersAreTheContractsColumnsInOrder() {
        assertEquals("config_id,dataset,bn,batch_size,workers,seed,epoch,train_loss,train_acc,val_loss,val_acc,epoch_seconds,"
                + "examples_per_second,bn_batch,val_acc_averaged,val_acc_merged,val_acc_precise,precise_bn_seconds,variant,global_batch,"
                + "learning_rate,steps,collective_seconds", RunTables.EPOCHS_CSV.header());
        assertEquals("config_id,dataset,bn,batch_size,workers,seed,epochs,test_loss,test_acc,best_val_acc,total_seconds,bn_batch,"
                + "test_acc_averaged,test_acc_merged,test_acc_precise,variant,global_batch,learning_rate,diverged", RunTables.RESULTS_CSV.header());
        assertEquals("config_id,bn,epoch,max_rel_var_diff,mean_rel_var_diff", RunTables.BN_DRIFT_CSV.header());
        assertEquals("dataset,bn,batch_size,seeds,test_acc_mean,test_acc_std,best_val_acc_mean,best_val_acc_std,final_train_loss_mean,"
                + "final_train_loss_std,target_val_acc,target_reached,epochs_to_target_mean,epochs_to_target_std,seconds_to_target_mean,"
                + "seconds_to_target_std,epoch_seconds_mean,examples_per_second_mean,test_acc_diff_vs_none,p_value_vs_none,variant,"
                + "none_variant,pairs,diff_ci_low,diff_ci_high,p_wilcoxon,p_holm,workers,global_batch,bn_batch,learning_rate,diverged",
                SummaryTable.CSV.header());
    }

    @Test
    void aRowWritesEachValueAsItsColumnDeclares() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("config_id", "a,b");
        v.put("bn", "sync");
        v.put("epoch", 3);
        v.put("max_rel_var_diff", 0.000123456789);
        v.put("mean_rel_var_diff", Double.NaN);
        assertEquals("\"a,b\",sync,3,0.000123457,", RunTables.BN_DRIFT_CSV.row(v));
        assertEquals(",,,,", RunTables.BN_DRIFT_CSV.row(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> RunTables.BN_DRIFT_CSV.row(Map.of("no_such_column", 1)));
        assertEquals("x\n", new Table("t.csv", List.of(Column.text("x", ""))).text(List.of()));
    }
}
