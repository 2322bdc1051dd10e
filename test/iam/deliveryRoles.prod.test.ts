import { specifyDeliveryRoles } from "./deliveryRoles";

specifyDeliveryRoles("prod");
