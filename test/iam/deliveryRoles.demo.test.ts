import { specifyDeliveryRoles } from "./deliveryRoles";

specifyDeliveryRoles("demo");
