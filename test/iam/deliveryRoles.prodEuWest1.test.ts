import { specifyDeliveryRoles } from "./deliveryRoles";

specifyDeliveryRoles("prodEuWest1");
