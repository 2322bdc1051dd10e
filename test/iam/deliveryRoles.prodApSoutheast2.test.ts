import { specifyDeliveryRoles } from "./deliveryRoles";

specifyDeliveryRoles("prodApSoutheast2");
