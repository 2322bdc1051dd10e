import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("pci-payments", {
  description: "PCI DSS v4.0.1 controls of the reference payments platform",
  enforcementLevel: "mandatory",
  policies,
});
