import { specifyDeliveryRoles } from "./deliveryRoles";

specifyDeliveryRoles("prodTuned");
