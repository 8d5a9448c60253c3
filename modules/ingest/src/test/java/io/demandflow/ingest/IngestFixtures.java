package io.demandflow.ingest;

import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
import io.demandflow.testkit.OrderFixtures;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** One valid event of each input type, for the ingest tests. */
public final class IngestFixtures {

  public static final Instant AT = Instant.parse("2026-01-10T10:00:00.123Z");

  private IngestFixtures() {}

  public static AllocationRequest allocation() {
    return AllocationRequest.newBuilder()
        .setAllocationId("A-1")
        .setOrderId("O-1")
        .setQuantity(5)
        .setAction(AllocationAction.REQUEST)
        .setEventTime(AT)
        .setSource("erp-test")
        .build();
  }

  public static Supply supply() {
    return Supply.newBuilder()
        .setProduct(OrderFixtures.H200)
        .setPeriod("2026-03")
        .setUnits(12000)
        .setEventTime(AT)
        .setSource("planning")
        .build();
  }

  public static ExportLicense license() {
    return ExportLicense.newBuilder()
        .setLicenseId("L-1")
        .setCustomerId("cn-cloud-east")
        .setRegion("CN")
        .setProducts(List.of(OrderFixtures.H200, "H20-PCIE-96GB"))
        .setMaxUnits(5000L)
        .setValidUntil(LocalDate.of(2026, 12, 31))
        .setStatus(LicenseStatus.ACTIVE)
        .setEventTime(AT)
        .build();
  }

  public static ExportLicense openLicense() {
    return ExportLicense.newBuilder(license())
        .setProducts(List.of())
        .setMaxUnits(null)
        .setValidUntil(null)
        .build();
  }

  public static RegionPolicy policy() {
    return RegionPolicy.newBuilder()
        .setRegion("CN")
        .setLicenseRequired(true)
        .setImportStatus(ImportStatus.PENDING)
        .setRevenueShareRate(new BigDecimal("0.2500"))
        .setEventTime(AT)
        .build();
  }

  /** One of each type, licenses in both shapes. */
  public static List<SpecificRecord> oneOfEach() {
    return List.of(
        OrderFixtures.order("O-1", 1).setEventTime(AT).build(),
        allocation(),
        supply(),
        license(),
        openLicense(),
        policy());
  }
}
